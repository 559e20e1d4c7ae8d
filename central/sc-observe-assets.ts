// The observation page's script, served as /sc/observe.js (the page's CSP allows no inline code).
// It long-polls the room's Ogg Opus pages, decodes them with WebCodecs and plays them back to
// back, live rather than complete: a stall is not made up for later, and audio that falls more
// than a second behind is dropped. Plain ES5-style JS in a string, like SITUATION_JS: the
// bundled CLI serves it without files beside itself. (No backticks or "${" inside.)

export const OBSERVE_JS = `/* Live observation: Ogg Opus pages over long polls -> AudioDecoder -> Web Audio; level meter; camera frame. */
(function () {
  'use strict';
  var section = document.getElementById('observe');
  if (!section) return;
  var id = section.dataset.id;
  var listen = document.getElementById('observe-listen');
  var level = document.getElementById('observe-level');
  var statusEl = document.getElementById('observe-status');
  var img = document.getElementById('observe-frame');
  var base = '/observe/' + encodeURIComponent(id);

  var LEAD_MIN = 0.1, LEAD_MAX = 0.4; // s scheduled ahead of the clock; grows on underruns (network jitter)
  var AHEAD_MAX = 1.0, AHEAD_RESUME = 0.3; // beyond AHEAD_MAX behind live, drop audio until AHEAD_RESUME
  // A burst (ffmpeg's start, a network stall made up) leaves audio queued that never drains: when
  // the queue never ran below lead + TRIM_SPARE for TRIM_EVERY seconds, that surplus is dropped.
  var TRIM_EVERY = 2, TRIM_SPARE = 0.15;
  var WINDOW = 0.2; // s of audio the meter measures
  var FLOOR_DB = -100;

  function say(key) {
    var text = section.getAttribute('data-t-' + key);
    if (statusEl && text) statusEl.textContent = text;
  }

  // Camera: a fresh frame every 2 s; hidden while there is none.
  if (img) {
    img.addEventListener('load', function () { img.hidden = false; });
    img.addEventListener('error', function () { img.hidden = true; });
    var frame = function () { img.src = base + '/frame?t=' + Date.now(); };
    frame();
    setInterval(frame, 2000);
  }

  if (!listen) return;
  var ctx = null, decoder = null, head = null;
  var playhead = 0, lead = LEAD_MIN, catchingUp = false, started = false;
  var low = Infinity, lowSince = 0, trim = 0; // least queued audio (s) since lowSince; s left to drop
  var timestamp = 0; // us, of the next packet fed to the decoder
  var pending = new Uint8Array(0); // bytes of an unfinished page
  var partial = []; // pieces of a packet continued on the next page
  var skipContinued = false; // a packet's head was never seen: drop its continuation
  var levels = []; // {start, end, sumSq, n} per scheduled buffer, for the meter

  listen.addEventListener('click', function () {
    listen.disabled = true;
    if (typeof AudioDecoder === 'undefined' || typeof EncodedAudioChunk === 'undefined') {
      say('nocodec');
      return;
    }
    var AC = window.AudioContext || window.webkitAudioContext;
    try {
      ctx = new AC({ sampleRate: 48000, latencyHint: 'interactive' });
    } catch (e) {
      ctx = new AC();
    }
    if (ctx.state === 'suspended') ctx.resume();
    setInterval(meter, 50);
    poll(-1);
  });

  function poll(after) {
    fetch(base + '/audio?after=' + after, { credentials: 'same-origin', cache: 'no-store' }).then(function (r) {
      var state = r.headers.get('x-state');
      if (r.status === 401 || r.status === 403 || r.status === 404) return location.reload();
      if (state) section.dataset.state = state;
      if (state === 'refused' || state === 'ended') return location.reload();
      if (r.status !== 200 && r.status !== 204) throw new Error('HTTP ' + r.status);
      say(state === 'streaming' ? 'live' : state === 'stalled' ? 'stalled' : 'waiting');
      var seq = parseInt(r.headers.get('x-seq') || '', 10);
      var next = isFinite(seq) ? seq : after;
      if (r.status === 204) return poll(next);
      return r.arrayBuffer().then(function (buf) {
        try {
          feed(new Uint8Array(buf));
        } catch (e) {
          // undecodable bytes are dropped; the stream goes on
        }
        poll(next);
      });
    }).catch(function () {
      say('lost');
      setTimeout(function () { poll(after); }, 1000);
    });
  }

  // Ogg pages -> packets (RFC 3533): lacing values of 255 continue a packet, on the next page too.
  function feed(bytes) {
    var buf = pending.length ? concat([pending, bytes]) : bytes;
    var at = 0;
    while (buf.length - at >= 27) {
      if (buf[at] !== 0x4f || buf[at + 1] !== 0x67 || buf[at + 2] !== 0x67 || buf[at + 3] !== 0x53) {
        // Not a page boundary: the stream is damaged; start over from the next response.
        pending = new Uint8Array(0); partial = []; skipContinued = true;
        return;
      }
      var nseg = buf[at + 26];
      if (buf.length - at < 27 + nseg) break;
      var len = 27 + nseg;
      for (var i = 0; i < nseg; i++) len += buf[at + 27 + i];
      if (buf.length - at < len) break;
      page(buf.subarray(at, at + len));
      at += len;
    }
    pending = buf.slice(at);
  }

  function page(p) {
    var flags = p[5], nseg = p[26];
    if (flags & 2) { partial = []; skipContinued = false; head = null; } // a new stream begins
    if (!(flags & 1)) { partial = []; skipContinued = false; }
    else if (!partial.length) skipContinued = true;
    var off = 27 + nseg;
    for (var i = 0; i < nseg; i++) {
      var lace = p[27 + i];
      if (!skipContinued) partial.push(p.subarray(off, off + lace));
      off += lace;
      if (lace < 255) {
        if (!skipContinued) packet(concat(partial));
        partial = []; skipContinued = false;
      }
    }
  }

  function packet(pk) {
    if (magic(pk, 'OpusHead')) {
      head = pk.slice();
      configure();
      return;
    }
    if (!pk.length || magic(pk, 'OpusTags') || !head || !ctx) return;
    if (!decoder || decoder.state !== 'configured') configure();
    if (!decoder || decoder.state !== 'configured' || decoder.decodeQueueSize > 50) return;
    var dur = packetDuration(pk);
    try {
      decoder.decode(new EncodedAudioChunk({ type: 'key', timestamp: timestamp, duration: dur, data: pk }));
    } catch (e) {
      return;
    }
    timestamp += dur;
  }

  function configure() {
    if (!head || !ctx) return;
    if (decoder && decoder.state !== 'closed') decoder.close();
    decoder = new AudioDecoder({
      output: play,
      error: function () { decoder = null; } // configured afresh with the next packet
    });
    decoder.configure({ codec: 'opus', sampleRate: 48000, numberOfChannels: head[9] || 1, description: head });
  }

  // RFC 6716 3.1: the TOC byte gives the frame size and the frame count; in us.
  function packetDuration(pk) {
    var toc = pk[0], config = toc >> 3, c = toc & 3;
    var frame = config < 12 ? [10000, 20000, 40000, 60000][config & 3] : config < 16 ? [10000, 20000][config & 1] : [2500, 5000, 10000, 20000][config & 3];
    var frames = c === 0 ? 1 : c === 3 ? (pk[1] & 0x3f) : 2;
    return frame * frames;
  }

  function play(data) {
    try {
      var n = data.numberOfFrames, channels = data.numberOfChannels;
      var now = ctx.currentTime;
      var dry = playhead < now + 0.01;
      if (dry) {
        // Ran dry (or first buffer): start again a lead ahead; each time it ran dry, lead more.
        if (started) lead = Math.min(LEAD_MAX, lead + 0.05);
        playhead = now + lead;
        low = Infinity;
        lowSince = now;
      }
      var ahead = playhead - now;
      if (ahead > AHEAD_MAX) catchingUp = true;
      if (catchingUp && ahead < AHEAD_RESUME) catchingUp = false;
      if (catchingUp) return;
      if (trim <= 0 && !dry) {
        low = Math.min(low, ahead);
        if (now - lowSince >= TRIM_EVERY) {
          if (low > lead + TRIM_SPARE) trim = low - lead;
          low = Infinity;
          lowSince = now;
        }
      }
      if (trim > 0) {
        trim -= n / data.sampleRate;
        return;
      }
      var ab = ctx.createBuffer(channels, n, data.sampleRate);
      var sumSq = 0;
      for (var ch = 0; ch < channels; ch++) {
        var plane = new Float32Array(n);
        data.copyTo(plane, { planeIndex: ch, format: 'f32-planar' });
        for (var i = 0; i < n; i++) sumSq += plane[i] * plane[i];
        ab.copyToChannel(plane, ch);
      }
      var src = ctx.createBufferSource();
      src.buffer = ab;
      src.connect(ctx.destination);
      src.start(playhead);
      levels.push({ start: playhead, end: playhead + ab.duration, sumSq: sumSq, n: n * channels });
      playhead += ab.duration;
      if (!started) {
        started = true;
        if (level) level.setAttribute('data-playing', '1');
      }
    } finally {
      data.close();
    }
  }

  // The level of what is heard now: the buffers playing in the last WINDOW seconds, RMS in dBFS.
  function meter() {
    var now = ctx.currentTime, sumSq = 0, n = 0, keep = [];
    for (var i = 0; i < levels.length; i++) {
      var l = levels[i];
      if (l.end < now - WINDOW) continue;
      keep.push(l);
      if (l.start <= now) { sumSq += l.sumSq; n += l.n; }
    }
    levels = keep;
    var db = n && sumSq > 0 ? Math.max(FLOOR_DB, 10 * Math.log10(sumSq / n)) : FLOOR_DB;
    if (level) {
      level.setAttribute('data-db', String(Math.round(db)));
      level.style.width = Math.max(0, Math.min(100, (db + 60) / 60 * 100)) + '%';
    }
  }

  function magic(pk, word) {
    if (pk.length < word.length) return false;
    for (var i = 0; i < word.length; i++) if (pk[i] !== word.charCodeAt(i)) return false;
    return true;
  }

  function concat(parts) {
    if (parts.length === 1) return parts[0];
    var len = 0, i;
    for (i = 0; i < parts.length; i++) len += parts[i].length;
    var out = new Uint8Array(len), at = 0;
    for (i = 0; i < parts.length; i++) { out.set(parts[i], at); at += parts[i].length; }
    return out;
  }
})();
`;
