// The moving picture on an exercise page: the frames of one SVG (start to end, side by side,
// drawn by lumbar.figures.draw.motion_svg) shown one at a time, forward and back, with a
// pause button. Without JavaScript the block stays hidden and the still start and end
// pictures tell the same story; in print it is never shown. Under prefers-reduced-motion the
// picture starts paused on the starting position, and playing it is the reader's choice.
(function () {
  "use strict";

  var STEP_MS = 110;   // each frame between the ends
  var HOLD_MS = 900;   // at the start and end positions, so each reads as a picture
  var WORDS = {pause: "Pause the moving picture", play: "Play the moving picture"};

  function setUp(block) {
    if (block.dataset.ready) return;
    block.dataset.ready = "1";
    var frames = parseInt(block.dataset.frames, 10);
    var strip = block.querySelector(".lumbar-motion__frames");
    var button = block.querySelector(".lumbar-motion__toggle");
    if (!frames || frames < 2 || !strip || !button) return;
    var reduce = window.matchMedia ? window.matchMedia("(prefers-reduced-motion: reduce)") : null;
    var frame = 0;
    var step = 1;
    var timer = null;

    strip.style.width = frames * 100 + "%";
    function show(index) {
      frame = index;
      block.dataset.frame = String(index);
      // The strip is `frames` panels wide: move it left by whole panels.
      strip.style.transform = "translateX(" + (-100 * index / frames) + "%)";
    }
    function tick() {
      if (frame + step < 0 || frame + step >= frames) step = -step;
      show(frame + step);
      var end = frame === 0 || frame === frames - 1;
      timer = window.setTimeout(tick, end ? HOLD_MS : STEP_MS);
    }
    function label(playing) {
      button.textContent = playing ? WORDS.pause : WORDS.play;
      block.dataset.playing = playing ? "true" : "false";
    }
    function play() {
      if (timer !== null) return;
      label(true);
      timer = window.setTimeout(tick, frame === 0 || frame === frames - 1 ? HOLD_MS : STEP_MS);
    }
    function pause() {
      if (timer !== null) window.clearTimeout(timer);
      timer = null;
      label(false);
    }
    button.addEventListener("click", function () {
      if (timer === null) play(); else pause();
    });
    if (reduce && reduce.addEventListener) {
      reduce.addEventListener("change", function (event) { if (event.matches) pause(); });
    }
    show(0);
    block.hidden = false;
    if (reduce && reduce.matches) pause(); else play();
  }

  function setUpAll() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-lumbar-motion]"), setUp);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
