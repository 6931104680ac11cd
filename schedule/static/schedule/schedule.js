// Progressive enhancement only: the print button appears when a script can press "print".
(function () {
  document.querySelectorAll("[data-schedule-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
