package io.selvedge.app.web;

import io.selvedge.shared.ServerTiming;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Times each {@code /api/} request from its first filter and answers where the time went in a {@code Server-Timing}
 * header ({@link ServerTiming}): {@code total}, then the phases the hub ran (for a sale: {@code validate},
 * {@code queue} for the writer, {@code work} with its {@code stock}, {@code customer} and {@code order} parts,
 * {@code commit}, {@code wake}). Integrators see how much of a slow answer was the hub's; the customers bench pairs these figures.
 * Answers written by a filter (a missing key, a card number) carry none.
 */
final class ServerTimingFilter extends OncePerRequestFilter {

    static final String STARTED = ServerTimingFilter.class.getName() + ".started";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        request.setAttribute(STARTED, System.nanoTime());
        ServerTiming before = ServerTiming.use(new ServerTiming());
        try {
            chain.doFilter(request, response);
        } finally {
            ServerTiming.use(before);
        }
    }

    /** Writes the header just before the body, while headers can still be set. */
    @ControllerAdvice
    static final class Header implements ResponseBodyAdvice<Object> {

        @Override
        public boolean supports(MethodParameter returnType, Class converterType) {
            return true;
        }

        @Override
        public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType, Class selectedConverterType,
                                      ServerHttpRequest request, ServerHttpResponse response) {
            ServerTiming timing = ServerTiming.current();
            if (timing != null && request instanceof ServletServerHttpRequest servlet
                    && servlet.getServletRequest().getAttribute(STARTED) instanceof Long started) {
                response.getHeaders().set("Server-Timing", timing.header(System.nanoTime() - started));
            }
            return body;
        }
    }
}
