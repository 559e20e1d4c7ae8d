// The Situation Center's stylesheet and its one script, served as files (/sc/situation.css,
// /sc/situation.js) so the pages need no inline code. Kept here as text so that the bundled CLI
// serves them without looking for files beside itself.

export const SITUATION_CSS = `
*{box-sizing:border-box}
body{font:14px/1.4 "Noto Sans","DejaVu Sans",Arial,sans-serif;margin:0;color:#1d2430;background:#f4f6f9}
header{display:flex;gap:1rem;align-items:center;padding:.5rem 1rem;background:#12355b;color:#fff}
header a{color:#fff}.brand{font-weight:700;font-size:1.1rem;text-decoration:none}
.langs{margin-left:auto;display:flex;gap:.6rem}.user{display:flex;gap:.6rem;align-items:center}
main{padding:.6rem 1rem}h1{font-size:1.3rem;margin:.2rem 0}h2{font-size:1.1rem;margin:1rem 0 .4rem}.sub{margin:0 0 .4rem;color:#556}
.inline{display:inline}button{font:inherit;cursor:pointer;border:1px solid #7a8699;background:#fff;border-radius:3px;padding:.1rem .5rem}
.summary{display:flex;flex-wrap:wrap;gap:.4rem;align-items:center;margin:.3rem 0}
.filter{display:flex;flex-wrap:wrap;gap:.6rem;align-items:center;background:#fff;padding:.4rem .6rem;border:1px solid #d5dbe3}
.filter select{font:inherit;max-width:13rem}.status{color:#556;margin:.3rem 0}
table{border-collapse:collapse;width:100%;background:#fff}th,td{border:1px solid #d5dbe3;padding:.25rem .4rem;text-align:left;vertical-align:top}
th{background:#e8edf3;position:sticky;top:0}
tr.flagged td{background:#fff6e8}
.badge{display:inline-block;border-radius:3px;padding:0 .4rem;white-space:nowrap;border:1px solid transparent}
.b-recording{background:#d7f2dc;border-color:#3a9a4e;color:#135c22}
.b-hearing-not-recording{background:#fde2e1;border-color:#c0392b;color:#8a1c12}
.b-not-ready{background:#fff0c9;border-color:#c99a10;color:#6b5100}
.b-idle{background:#eef1f5;border-color:#aab4c2;color:#34404f}
.b-offline{background:#e2e2e2;border-color:#777;color:#333}
ul.flags{margin:0;padding-left:1rem}.flag{margin:.1rem 0}.flag b{color:#a61b0f}.flag.is-acked b{color:#6b5d3a}
.flag .since,.acked{color:#667;font-size:.9em}.ack{margin-left:.3rem}
.timeline{width:100%;max-width:1000px;height:auto;background:#fff;border:1px solid #d5dbe3;margin:.3rem 0}
.timeline .tick{stroke:#e1e5ea}.timeline .hour{font-size:10px;fill:#556;text-anchor:middle}.timeline .lane{font-size:12px;fill:#34404f}
.timeline .scheduled rect{fill:#12355b}.timeline .scheduled text{font-size:10px;fill:#12355b}
.timeline .opened rect{fill:#7fa7d9}.timeline .recorded rect{fill:#3a9a4e}.timeline .muted rect{fill:#b3261e}.muted-now{color:#b3261e;font-weight:600}.timeline .now{stroke:#c0392b;stroke-width:2}
.warn{color:#a61b0f;font-weight:600}.cancelled{color:#555;font-style:italic}.error{color:#a61b0f;font-weight:600}
.meter{display:inline-block;width:12rem;height:.8rem;border:1px solid #7a8699;background:#fff;vertical-align:middle;margin-left:.6rem}
.meter span{display:block;height:100%;width:0;background:#3a9a4e}#observe-frame{max-width:640px;width:100%;border:1px solid #d5dbe3;background:#000}
.signin{max-width:22rem;margin:3rem auto;background:#fff;padding:1rem 1.2rem;border:1px solid #d5dbe3}
.signin label{display:block;margin:.5rem 0}.signin input{display:block;width:100%;font:inherit;padding:.3rem}
`;

export const SITUATION_JS = `/* The Situation Center's page script: live rows over server-sent events, the filter without a reload. */
(function () {
  'use strict';
  var rooms = document.getElementById('rooms');
  var room = document.getElementById('room');
  var live = document.getElementById('live');
  var form = document.getElementById('filter');
  if (!rooms && !room) return;

  function value(name) {
    var el = form && form.elements.namedItem(name);
    return el ? el.value : '';
  }
  function applyFilter() {
    if (!rooms) return;
    var region = value('region'), court = value('court'), flag = value('flag'), state = value('state');
    var shown = 0;
    var rows = rooms.tBodies[0].rows;
    for (var i = 0; i < rows.length; i++) {
      var d = rows[i].dataset;
      var flags = d.flags ? d.flags.split(' ') : [];
      var ok = (!region || d.region === region) && (!court || d.court === court) && (!state || d.state === state) &&
        (!flag || (flag === '*' ? flags.length > 0 : flags.indexOf(flag) >= 0));
      rows[i].hidden = !ok;
      if (ok) shown++;
    }
    var s = document.getElementById('shown');
    if (s) s.textContent = s.dataset.template.replace('#', String(shown));
  }
  if (form) {
    form.addEventListener('change', function () {
      applyFilter();
      var q = new URLSearchParams(new FormData(form));
      history.replaceState(null, '', '/?' + q.toString());
    });
  }

  var url = '/live?lang=' + encodeURIComponent(document.documentElement.lang) + (room ? '&room=' + encodeURIComponent(room.dataset.room) : '') + '&back=' + encodeURIComponent(location.pathname + location.search);
  var es = new EventSource(url);
  es.addEventListener('open', function () {
    if (live) live.textContent = live.dataset.live;
  });
  es.addEventListener('error', function () {
    if (live) live.textContent = live.dataset.lost;
  });
  es.addEventListener('room', function (ev) {
    var m = JSON.parse(ev.data);
    if (room) {
      if (m.id === room.dataset.room) location.reload();
      return;
    }
    var tr = document.getElementById('room-' + m.id);
    if (tr) tr.outerHTML = m.html;
    else rooms.tBodies[0].insertAdjacentHTML('beforeend', m.html);
    applyFilter();
  });
  es.addEventListener('summary', function (ev) {
    var el = document.getElementById('summary');
    if (el) el.innerHTML = JSON.parse(ev.data).html;
  });
})();
`;
