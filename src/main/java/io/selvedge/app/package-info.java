/**
 * The application shell: command-line verbs, the demo, group commit, idempotency storage,
 * authentication, and the one mapping of errors to RFC 9457 problems. May use any module.
 */
@org.springframework.modulith.ApplicationModule
package io.selvedge.app;
