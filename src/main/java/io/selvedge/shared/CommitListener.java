package io.selvedge.shared;

/** Told after each group of writes commits (on the writer thread): wake a dispatcher, never block. */
public interface CommitListener {

    void committed();
}
