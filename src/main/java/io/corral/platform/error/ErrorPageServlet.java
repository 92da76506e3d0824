package io.corral.platform.error;

import jakarta.json.Json;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The container's error page (web.xml maps 404 and 500 here). An error that escaped the JAX-RS
 * exception mappers (raised by the container, a servlet or a filter, or after the resource answered)
 * still reaches an API client as {@code {"code","message"}} with its status; the console and other
 * pages get {@code error.html}. A 500 carries an incident id, logged with the exception.
 */
@WebServlet("/error")
public class ErrorPageServlet extends HttpServlet {
    private static final Logger LOG = Logger.getLogger(ErrorPageServlet.class.getName());

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        String uri = (String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        Object statusAttribute = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = statusAttribute instanceof Integer s ? s : HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
        Throwable error = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (uri == null || !uri.startsWith(request.getContextPath() + "/api/")) {
            if (error != null) {
                LOG.log(Level.WARNING, "Error answering " + uri, error);
            }
            response.setStatus(status);
            response.setContentType("text/html;charset=UTF-8");
            request.getRequestDispatcher("/error.html").include(request, response);
            return;
        }
        String code;
        String message;
        if (status == HttpServletResponse.SC_NOT_FOUND) {
            code = "NOT_FOUND";
            message = "No such resource: " + uri;
        } else if (status >= 500) {
            String incident = UUID.randomUUID().toString();
            LOG.log(Level.SEVERE, "Unexpected error answering " + request.getAttribute(RequestDispatcher.ERROR_SERVLET_NAME)
                    + " " + uri + ", incident " + incident, error);
            code = "INTERNAL_ERROR";
            message = "Unexpected error; incident " + incident;
        } else {
            code = "HTTP_" + status;
            message = "The request was refused with HTTP " + status;
        }
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(Json.createObjectBuilder().add("code", code).add("message", message).build().toString());
    }
}
