// Shows Wharf's own OpenAPI document (a separate file: the page's Content-Security-Policy allows no inline script).
window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi?format=JSON",
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout"
  });
};
