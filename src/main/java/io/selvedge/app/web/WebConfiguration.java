package io.selvedge.app.web;

import io.selvedge.contract.ApiKeys;
import io.selvedge.contract.Caller;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Request timing ({@link ServerTimingFilter}), authentication, the refusal of card numbers ({@link CardNumberFilter}), and a {@link Caller} parameter for any
 * controller method that declares one.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    /** First of all, so its total covers the others. Off with {@code selvedge.http.server-timing=false}. */
    @Bean
    @ConditionalOnBooleanProperty(name = "selvedge.http.server-timing", matchIfMissing = true)
    FilterRegistrationBean<ServerTimingFilter> serverTimingFilter() {
        FilterRegistrationBean<ServerTimingFilter> registration = new FilterRegistrationBean<>(new ServerTimingFilter());
        registration.addUrlPatterns("/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(ApiKeys keys, JsonMapper json) {
        FilterRegistrationBean<ApiKeyFilter> registration = new FilterRegistrationBean<>(new ApiKeyFilter(keys, json));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(Ordered.LOWEST_PRECEDENCE - 10);
        return registration;
    }

    /** After authentication: a caller without a key learns nothing, and nothing of its request is read. */
    @Bean
    FilterRegistrationBean<CardNumberFilter> cardNumberFilter(JsonMapper json) {
        FilterRegistrationBean<CardNumberFilter> registration = new FilterRegistrationBean<>(new CardNumberFilter(json));
        registration.addUrlPatterns("/api/*", "/webhooks/*");
        registration.setOrder(Ordered.LOWEST_PRECEDENCE - 5);
        return registration;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new HandlerMethodArgumentResolver() {
            @Override
            public boolean supportsParameter(MethodParameter parameter) {
                return parameter.getParameterType() == Caller.class;
            }

            @Override
            public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
                                          WebDataBinderFactory binders) {
                return request.getAttribute(ApiKeyFilter.CALLER, RequestAttributes.SCOPE_REQUEST);
            }
        });
    }
}
