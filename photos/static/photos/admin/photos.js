/* Photo admin: click the picture to set the focal point; copy the inline code.
   Loaded as a static file (the CSP forbids inline scripts). */
(function () {
  "use strict";

  function setupFocalPicker(picker) {
    var image = picker.querySelector("img");
    var dot = picker.querySelector(".focal-picker__dot");
    var inputX = document.getElementById("id_focal_x");
    var inputY = document.getElementById("id_focal_y");
    if (!image || !dot || !inputX || !inputY) {
      return;
    }
    function place() {
      var x = parseFloat(inputX.value);
      var y = parseFloat(inputY.value);
      if (isNaN(x) || isNaN(y)) {
        return;
      }
      dot.style.left = (Math.min(Math.max(x, 0), 1) * 100) + "%";
      dot.style.top = (Math.min(Math.max(y, 0), 1) * 100) + "%";
    }
    picker.classList.add("focal-picker--active");
    image.addEventListener("click", function (event) {
      var box = image.getBoundingClientRect();
      inputX.value = ((event.clientX - box.left) / box.width).toFixed(2);
      inputY.value = ((event.clientY - box.top) / box.height).toFixed(2);
      place();
    });
    inputX.addEventListener("input", place);
    inputY.addEventListener("input", place);
    place();
  }

  function setupCopy(button) {
    button.addEventListener("click", function () {
      var text = button.getAttribute("data-copy");
      var html = button.getAttribute("data-copy-html");
      if (!navigator.clipboard) {
        return;
      }
      var done = function () {
        button.textContent = "Copied";
      };
      // As HTML the story editor pastes it as a photo block; as text it is the
      // [photo ID] line, which works anywhere.
      if (html && window.ClipboardItem && navigator.clipboard.write) {
        navigator.clipboard
          .write([
            new ClipboardItem({
              "text/html": new Blob([html], { type: "text/html" }),
              "text/plain": new Blob([text], { type: "text/plain" }),
            }),
          ])
          .then(done, function () {
            navigator.clipboard.writeText(text).then(done);
          });
      } else {
        navigator.clipboard.writeText(text).then(done);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".focal-picker").forEach(setupFocalPicker);
    document.querySelectorAll(".photo-copy").forEach(setupCopy);
  });
})();
