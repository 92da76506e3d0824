package io.corral.container.probe;

import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** A servlet under {@code /api/} that fails outside JAX-RS, as a container error does. */
@WebServlet("/api/v1/probe/servlet-failure")
public class ServletFailureProbe extends HttpServlet {

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException {
        throw new ServletException("probe: failed outside JAX-RS");
    }
}
