// Buttons marked data-print print the page. A file of its own, not an inline
// onclick: the Content-Security-Policy allows no inline script.
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () {
    window.print();
  });
});
