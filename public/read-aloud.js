// 朗读: a button beside every element marked `data-read-aloud` (the form's questions and
// hints, the help page, documents' plain summaries, Q&A answers) that reads it with the
// browser's speech synthesis in a Chinese voice. No Chinese voice, no button. The text being
// read is highlighted; the button then says 停止.
(function () {
  'use strict';
  var synth = window.speechSynthesis;
  if (!synth || !window.SpeechSynthesisUtterance) return;
  var voice = null;
  var current = null;

  function chineseVoice() {
    var voices = synth.getVoices() || [];
    var best = null;
    for (var i = 0; i < voices.length; i++) {
      var lang = String(voices[i].lang || '').replace('_', '-').toLowerCase();
      if (lang === 'zh-cn') return voices[i];
      if (!best && lang.indexOf('zh') === 0) best = voices[i];
    }
    return best;
  }

  // What an element says: its text without the controls (inputs, buttons) inside it.
  function textOf(el) {
    var copy = el.cloneNode(true);
    copy.querySelectorAll('button, input, textarea, select, .read-aloud').forEach(function (n) {
      n.remove();
    });
    return copy.textContent.replace(/\s+/g, ' ').trim();
  }

  function stop() {
    if (!current) return;
    current.el.classList.remove('reading');
    current.button.textContent = '朗读';
    current.button.setAttribute('aria-pressed', 'false');
    current = null;
  }

  function read(el, button) {
    var same = current && current.el === el;
    synth.cancel();
    stop();
    if (same) return;
    var utterance = new SpeechSynthesisUtterance(textOf(el));
    utterance.lang = 'zh-CN';
    try {
      utterance.voice = voice;
    } catch (e) {
      // The language alone chooses the voice.
    }
    utterance.rate = 0.9;
    current = { el: el, button: button };
    el.classList.add('reading');
    button.textContent = '停止';
    button.setAttribute('aria-pressed', 'true');
    utterance.onend = utterance.onerror = function () {
      if (current && current.el === el) stop();
    };
    synth.speak(utterance);
  }

  function addButtons(root) {
    if (!voice || !root.querySelectorAll) return;
    root.querySelectorAll('[data-read-aloud]').forEach(function (el) {
      if (el.getAttribute('data-read-aloud') === 'ready') return;
      el.setAttribute('data-read-aloud', 'ready');
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'read-aloud';
      button.textContent = '朗读';
      button.setAttribute('aria-pressed', 'false');
      button.addEventListener('click', function () {
        read(el, button);
      });
      var head = el.querySelector(':scope > label, :scope > legend');
      if (head) head.after(button);
      else el.appendChild(button);
    });
  }

  function start() {
    voice = voice || chineseVoice();
    addButtons(document);
  }

  // Voices often arrive a moment after the page.
  if (synth.addEventListener) synth.addEventListener('voiceschanged', start);
  document.addEventListener('DOMContentLoaded', start);
  // Text put in place later (answers while typing) gets its buttons too.
  new MutationObserver(function (changes) {
    if (!voice) return;
    changes.forEach(function (change) {
      change.addedNodes.forEach(function (node) {
        if (node.nodeType === 1) addButtons(node.parentNode || node);
      });
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
  window.addEventListener('pagehide', function () {
    synth.cancel();
  });
})();
