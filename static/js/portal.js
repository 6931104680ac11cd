// Progressive enhancement only: every page works without JavaScript.
(function () {
  // The main menu is open in the markup (so it works without JavaScript); on phones it starts
  // closed behind its "Menu" button.
  var menu = document.querySelector(".main-nav__toggle");
  if (menu && window.matchMedia("(max-width: 47.99rem)").matches) {
    menu.removeAttribute("open");
  }

  // "In bài" / "Lưu PDF": open the print dialog (which offers "Save as PDF") instead of
  // following the link to the print view.
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("[data-print]") : null;
    if (link && typeof window.print === "function") {
      event.preventDefault();
      window.print();
    }
  });
})();
