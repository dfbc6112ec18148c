// "加入选中的文字": appends the text selected inside the element named by
// data-source to the textarea named by data-target, each selected line as an
// item of its own (the document may break a line inside a phrase).
(function () {
  'use strict';
  var button = document.getElementById('add-selection');
  if (!button) return;
  button.addEventListener('click', function () {
    var source = document.getElementById(button.dataset.source);
    var target = document.getElementById(button.dataset.target);
    var selection = window.getSelection();
    if (!source || !target || !selection || selection.rangeCount === 0) return;
    var range = selection.getRangeAt(0);
    if (!source.contains(range.commonAncestorContainer)) return;
    var lines = target.value.split('\n').filter(function (l) { return l.trim() !== ''; });
    selection.toString().split('\n').forEach(function (l) {
      var text = l.trim();
      if (text && lines.indexOf(text) < 0) lines.push(text);
    });
    target.value = lines.join('\n');
    selection.removeAllRanges();
  });
})();
