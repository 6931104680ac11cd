// Progressive enhancement only: without JavaScript the search forms work as plain GET forms.
// Fills each search box's <datalist> with matching titles from /tim-kiem/goi-y/ as the reader types.
(function () {
  var inputs = document.querySelectorAll("input[data-suggest-url][list]");
  if (!inputs.length || !window.fetch) return;
  Array.prototype.forEach.call(inputs, function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    var timer = null;
    var asked = "";
    if (!list) return;
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var text = input.value.trim();
        if (text.length < 3 || text === asked) return;
        asked = text;
        var url = input.getAttribute("data-suggest-url") + "?q=" + encodeURIComponent(text);
        fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
          .then(function (data) {
            if (asked !== text) return;
            while (list.firstChild) list.removeChild(list.firstChild);
            (data.suggestions || []).forEach(function (item) {
              var option = document.createElement("option");
              option.value = item.title;
              list.appendChild(option);
            });
          })
          .catch(function () {});
      }, 200);
    });
  });
})();
