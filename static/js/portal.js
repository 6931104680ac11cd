// Progressive enhancement only: without JavaScript the menu simply stays open.
(function () {
  var menu = document.querySelector(".main-nav__toggle");
  if (menu && window.matchMedia("(max-width: 47.99rem)").matches) {
    menu.removeAttribute("open");
  }
})();
