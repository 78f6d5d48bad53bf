// The operations dashboard: plain JS, no build step, no library. It polls the hub's monitoring summary, the
// dead letters and the oversells with the key typed into the page (kept in this tab's sessionStorage only) and
// redraws the sections in place. Times are shown relative to the hub's own clock (the summary's evaluatedAt).
// The reconciliation tie-out is heavier to compute, so it is asked for once a minute (and when the day changes).
(function () {
  'use strict';

  var KEY = 'selvedge.key';
  var params = new URLSearchParams(location.search);
  var every = Math.max(1, Number(params.get('refresh')) || 5) * 1000;
  var hours = Math.min(24, Math.max(1, Number(params.get('hours')) || 6));
  var STATUSES = ['OK', 'LATE', 'SILENT', 'FAILING'];
  var COLOURS = ['#1f2a44', '#e2574c', '#2f7d9a', '#b7791f', '#6c4f9e', '#1f8a4c', '#8a5a44', '#c2417a'];
  var RECONCILE_EVERY = 60000;
  var RECONCILE_DAYS = 7;
  var timer = null;
  var reconciled = { at: 0, to: null };

  var $ = function (id) { return document.getElementById(id); };

  function esc(value) {
    return String(value == null ? '' : value).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  function key() { return sessionStorage.getItem(KEY); }

  // A key may arrive in the fragment (#key=...): it never reaches a server log, and is removed from the address at once.
  function keyFromFragment() {
    var match = /(?:^#|&)key=([^&]+)/.exec(location.hash);
    if (match) {
      sessionStorage.setItem(KEY, decodeURIComponent(match[1]));
      history.replaceState(null, '', location.pathname + location.search);
    }
  }

  function api(path, options) {
    options = options || {};
    options.headers = { 'Authorization': 'Bearer ' + key(), 'Accept': 'application/json' };
    return fetch(path, options).then(function (response) {
      if (response.status === 401) {
        throw { unauthorised: true };
      }
      return response.json().then(function (body) {
        if (!response.ok) {
          throw { status: response.status, detail: body.detail || body.title };
        }
        return body;
      });
    });
  }

  function duration(ms) {
    if (ms == null) { return '—'; }
    if (ms < 1000) { return ms + ' ms'; }
    if (ms < 60000) { return (ms / 1000).toFixed(ms < 10000 ? 1 : 0) + ' s'; }
    if (ms < 3600000) { return Math.round(ms / 60000) + ' min'; }
    if (ms < 172800000) { return (ms / 3600000).toFixed(1) + ' h'; }
    return Math.round(ms / 86400000) + ' d';
  }

  function ago(at, now) {
    if (!at) { return 'never'; }
    var ms = now - Date.parse(at);
    if (ms < 5000) { return 'just now'; }
    return duration(ms) + ' ago';
  }

  function clock(at) {
    return at ? new Date(at).toISOString().substring(11, 19) + 'Z' : '';
  }

  function pill(status) {
    return '<span class="pill ' + esc(status) + '">' + esc(status) + '</span>';
  }

  function worst(statuses) {
    return statuses.reduce(function (a, b) { return STATUSES.indexOf(b) > STATUSES.indexOf(a) ? b : a; }, 'OK');
  }

  function rowId(f) { return f.flow + '/' + f.system + '/' + (f.location || '*'); }

  // --- sections ---

  function renderTally(flows) {
    $('tally').innerHTML = STATUSES.map(function (s) {
      var n = flows.filter(function (f) { return f.status === s; }).length;
      return '<span class="pill ' + s + '" data-tally="' + s + '">' + n + ' ' + s + '</span>';
    }).join('');
  }

  function renderLocations(flows) {
    var byLocation = {};
    flows.forEach(function (f) {
      if (f.location) { (byLocation[f.location] = byLocation[f.location] || []).push(f); }
    });
    var names = Object.keys(byLocation).sort();
    $('locations').innerHTML = names.map(function (name) {
      var rows = byLocation[name];
      var status = worst(rows.map(function (f) { return f.status; }));
      return '<div class="tile ' + status + '" data-location="' + esc(name) + '" data-status="' + status + '">' +
        '<div class="name">' + esc(name) + ' ' + pill(status) + '</div>' +
        '<div class="flows">' + rows.map(function (f) {
          return '<span class="pill ' + f.status + '" title="' + esc(f.reason || f.status) + '">' + esc(f.flow) + '</span>';
        }).join('') + '</div></div>';
    }).join('') || '<div class="muted">No locations in the contract.</div>';
  }

  function sparkline(series) {
    if (!series || series.points.length === 0) { return '<span class="muted small">no lag measured</span>'; }
    var pts = series.points;
    var max = Math.max.apply(null, pts.map(function (p) { return p.p99Ms; }).concat([1]));
    var first = Date.parse(pts[0].minute);
    var span = Math.max(Date.parse(pts[pts.length - 1].minute) - first, 60000);
    var coords = pts.map(function (p) {
      var x = 2 + (Date.parse(p.minute) - first) / span * 116;
      var y = 20 - p.p99Ms / max * 18;
      return x.toFixed(1) + ',' + y.toFixed(1);
    });
    if (coords.length === 1) { coords.push('118,' + coords[0].split(',')[1]); }
    return '<svg class="spark" viewBox="0 0 120 22" role="img" aria-label="lag p99"><polyline points="' + coords.join(' ') + '"/></svg>';
  }

  function okWhy(f) {
    if (f.lagP99Ms != null && f.maxLagMs != null) { return 'lag within maxLag ' + duration(f.maxLagMs); }
    if (f.silenceWindowMs != null) { return 'heard within its silence window (' + duration(f.silenceWindowMs) + ' of trading time)'; }
    return '';
  }

  function renderFlows(flows, lag, now) {
    var seriesBy = {};
    lag.forEach(function (s) { seriesBy[rowId(s)] = s; });
    var previous = null;
    $('flows').querySelector('tbody').innerHTML = flows.map(function (f) {
      var group = previous !== null && previous !== f.flow ? ' group' : '';
      previous = f.flow;
      var errors = Object.keys(f.errorsByReason || {}).map(function (r) { return r + ': ' + f.errorsByReason[r]; }).join(', ');
      return '<tr class="flow-row' + group + '" data-row="' + esc(rowId(f)) + '" data-status="' + esc(f.status) + '">' +
        '<td>' + pill(f.status) + '</td>' +
        '<td><strong>' + esc(f.flow) + '</strong></td>' +
        '<td>' + esc(f.system) + '</td>' +
        '<td>' + (f.location ? esc(f.location) : '<span class="muted">all</span>') + '</td>' +
        '<td title="' + esc(f.lastEventAt || '') + '">' + esc(ago(f.lastEventAt, now)) + '</td>' +
        '<td class="num">' + f.received + '</td>' +
        '<td class="num" title="' + esc(errors) + '">' + f.errored + '</td>' +
        '<td class="num">' + duration(f.lagP50Ms) + '</td>' +
        '<td class="num">' + duration(f.lagP99Ms) + '</td>' +
        '<td>' + sparkline(seriesBy[rowId(f)]) + '</td>' +
        '<td class="why">' + esc(f.reason || okWhy(f)) + '</td></tr>';
    }).join('');
  }

  function renderLagChart(lag, flows, now) {
    var W = 1000, H = 220, left = 56, right = 10, top = 10, bottom = 24;
    var from = now - hours * 3600000;
    // the rows with locations tell more than their all-locations total; show those when there are any
    var series = lag.filter(function (s) { return s.location; });
    if (series.length === 0) { series = lag; }
    $('lag-span').textContent = 'p99 per minute, last ' + hours + ' h';
    if (series.length === 0) {
      $('lag-chart').innerHTML = '<div class="muted">No lag measured yet: it comes from sales, from the register\'s time to the hub\'s commit.</div>';
      return;
    }
    var limit = null;
    flows.forEach(function (f) { if (f.flow === series[0].flow && f.maxLagMs != null) { limit = f.maxLagMs; } });
    var max = Math.max(limit || 0, 1);
    series.forEach(function (s) { s.points.forEach(function (p) { max = Math.max(max, p.p99Ms); }); });
    max *= 1.1;
    var x = function (t) { return left + (t - from) / (now - from) * (W - left - right); };
    var y = function (ms) { return top + (1 - ms / max) * (H - top - bottom); };
    var svg = ['<svg viewBox="0 0 ' + W + ' ' + H + '" preserveAspectRatio="none" role="img" aria-label="lag chart">'];
    for (var i = 0; i <= 4; i++) {
      var v = max * i / 4;
      svg.push('<line class="axis" x1="' + left + '" x2="' + (W - right) + '" y1="' + y(v) + '" y2="' + y(v) + '"/>');
      svg.push('<text class="label" x="' + (left - 6) + '" y="' + (y(v) + 4) + '" text-anchor="end">' + duration(Math.round(v)) + '</text>');
    }
    for (var h = 0; h <= hours; h++) {
      var t = from + h * 3600000;
      svg.push('<text class="label" x="' + x(t) + '" y="' + (H - 6) + '" text-anchor="middle">' + (h === hours ? 'now' : '-' + (hours - h) + 'h') + '</text>');
    }
    if (limit != null) {
      svg.push('<line class="limit" x1="' + left + '" x2="' + (W - right) + '" y1="' + y(limit) + '" y2="' + y(limit) + '"/>');
    }
    series.forEach(function (s, n) {
      var colour = COLOURS[n % COLOURS.length];
      var pts = s.points.map(function (p) { return x(Date.parse(p.minute) + 30000).toFixed(1) + ',' + y(p.p99Ms).toFixed(1); });
      svg.push('<polyline fill="none" stroke="' + colour + '" stroke-width="2" points="' + pts.join(' ') + '"/>');
      s.points.forEach(function (p) {
        svg.push('<circle r="2.5" fill="' + colour + '" cx="' + x(Date.parse(p.minute) + 30000).toFixed(1) + '" cy="' + y(p.p99Ms).toFixed(1) + '"/>');
      });
    });
    svg.push('</svg>');
    var legend = series.map(function (s, n) {
      return '<span><i style="background:' + COLOURS[n % COLOURS.length] + '"></i>' + esc(rowId(s)) + '</span>';
    });
    if (limit != null) { legend.push('<span><i style="background:#c0392b"></i>maxLag ' + duration(limit) + '</span>'); }
    $('lag-chart').innerHTML = svg.join('') + '<div class="legend">' + legend.join('') + '</div>';
  }

  function renderErrors(errors, now) {
    $('errors').querySelector('tbody').innerHTML = errors.slice(0, 15).map(function (e) {
      return '<tr><td title="' + esc(e.at) + '">' + esc(ago(e.at, now)) + '</td><td>' + esc(e.flow) + '</td><td>' + esc(e.system) +
        (e.location ? ' · ' + esc(e.location) : '') + '</td><td><code>' + esc(e.reason) + '</code></td><td class="num">' + e.count +
        '</td><td class="why">' + esc(e.detail || '') + '</td></tr>';
    }).join('') || '<tr><td colspan="6" class="empty">No errors since the hub started.</td></tr>';
  }

  function renderDeadLetters(page, now) {
    var letters = page.deadLetters || [];
    $('dead-count').textContent = letters.length ? String(letters.length) : '';
    $('dead-letters').querySelector('tbody').innerHTML = letters.map(function (d) {
      return '<tr data-dead-letter="' + d.id + '"><td>' + d.id + '</td><td><code>' + esc(d.subscriptionId) + '</code></td>' +
        '<td>' + esc(d.type) + ' <span class="muted small">#' + d.sequence + '</span></td><td class="num">' + d.attempts + '</td>' +
        '<td class="why">' + esc((d.lastStatus ? d.lastStatus + ' ' : '') + (d.lastError || '')) + '</td>' +
        '<td title="' + esc(d.deadAt) + '">' + esc(ago(d.deadAt, now)) + '</td>' +
        '<td><button type="button" class="replay" data-replay="' + d.id + '">Replay</button></td></tr>';
    }).join('') || '<tr><td colspan="7" class="empty">No dead letters: every event reached every subscriber.</td></tr>';
  }

  function renderOversells(rows, now) {
    $('oversells').querySelector('tbody').innerHTML = rows.slice(0, 15).map(function (o) {
      return '<tr><td title="' + esc(o.occurredAt) + '">' + esc(ago(o.occurredAt, now)) + '</td><td>' + esc(o.location) + '</td><td><code>' +
        esc(o.sku) + '</code></td><td class="num">' + o.quantity + '</td><td class="num">' + o.onHand + '</td><td class="small">' +
        esc(o.movementId) + '</td></tr>';
    }).join('') || '<tr><td colspan="6" class="empty">No oversells.</td></tr>';
  }

  // a return still parked after the contract's window is overdue: its sale may never arrive
  function renderParked(rows, now) {
    $('parked').querySelector('tbody').innerHTML = rows.slice(0, 15).map(function (p) {
      return '<tr data-parked="' + esc(p.transactionId) + '" class="' + (p.overdue ? 'stale' : '') + '"><td><code>' + esc(p.transactionId) +
        '</code></td><td>' + esc(p.store) + '</td><td><code>' + esc((p.waitingFor || []).join(', ')) + '</code></td>' +
        '<td title="' + esc(p.receivedAt) + '">' + esc(ago(p.receivedAt, now)) + (p.overdue ? ' <strong>overdue</strong>' : '') + '</td></tr>';
    }).join('') || '<tr><td colspan="4" class="empty">No parked returns.</td></tr>';
  }

  // a store whose POS has not applied the newest catalogue revision is stale: it may sell at an old price
  function renderCatalogue(rows, now) {
    $('catalogue').querySelector('tbody').innerHTML = rows.map(function (a) {
      var stale = a.revision === null || a.revisionsBehind > 0;
      return '<tr data-catalogue="' + esc(a.location) + '" class="' + (stale ? 'stale' : '') + '"><td>' + esc(a.location) + '</td>' +
        '<td class="num">' + (a.revision === null ? 'never' : a.revision) + ' <span class="muted small">of ' + a.currentRevision + '</span></td>' +
        '<td class="num">' + (a.revisionsBehind === null ? '—' : a.revisionsBehind) + '</td>' +
        '<td>' + (a.ackedAt ? esc(ago(a.ackedAt, now)) : '<span class="muted">no acknowledgement</span>') + '</td></tr>';
    }).join('') || '<tr><td colspan="4" class="empty">No locations.</td></tr>';
  }

  function renderDelivery(summary) {
    var d = summary.delivery;
    var oversold = summary.oversells.reduce(function (n, c) { return n + c.count; }, 0);
    var facts = [['Outbox backlog', d.backlog], ['Dead letters open', d.deadLettersOpen], ['Subscriptions', d.subscriptions],
      ['Delivered', d.delivered], ['Failed attempts', d.failedAttempts], ['Oversells', oversold]];
    $('delivery').innerHTML = facts.map(function (f) { return '<div><dt>' + f[0] + '</dt><dd>' + f[1] + '</dd></div>'; }).join('');
    $('violations').querySelector('tbody').innerHTML = summary.contractViolations.map(function (c) {
      return '<tr><td>' + esc(c.tags.system) + '</td><td>' + esc(c.tags.kind) + '</td><td class="num">' + c.count + '</td></tr>';
    }).join('') || '<tr><td colspan="3" class="empty">None: every write came from its owner.</td></tr>';
  }

  // a subscription being retried has a subscriber that refuses or is gone; one merely holding events is catching up
  function renderSubscribers(rows) {
    var refusing = rows.filter(function (s) { return s.failedAttempts > 0; }).length;
    $('behind-count').textContent = refusing ? String(refusing) : '';
    $('subscribers').querySelector('tbody').innerHTML = rows.slice(0, 20).map(function (s) {
      var mark = s.failedAttempts > 0 ? 'behind' : (s.undelivered > 0 ? 'stale' : '');
      return '<tr data-subscriber="' + esc(s.subscriptionId) + '" data-undelivered="' + s.undelivered + '" class="' + mark + '">' +
        '<td><code>' + esc(s.subscriptionId) + '</code></td><td>' + esc(s.system) + '</td>' +
        '<td class="num">' + s.undelivered + '</td>' +
        '<td class="age" title="' + esc(s.oldestUndeliveredAt || '') + '">' + (s.undelivered > 0 ? duration(s.oldestUndeliveredAgeMs) : '—') + '</td>' +
        '<td class="num">' + (s.failedAttempts || '') + '</td></tr>';
    }).join('') || '<tr><td colspan="5" class="empty">No webhook subscriptions.</td></tr>';
  }

  function isoDay(ms) { return new Date(ms).toISOString().substring(0, 10); }

  function words(kind) { return String(kind).toLowerCase().replace(/_/g, ' '); }

  // the days before today: today's card tenders are not settled yet, and would all look like exceptions
  function reconcile(now) {
    var to = isoDay(now - 86400000);
    if (reconciled.to === to && Date.now() - reconciled.at < RECONCILE_EVERY) { return; }
    var from = isoDay(now - RECONCILE_DAYS * 86400000);
    reconciled = { at: Date.now(), to: to };
    api('/api/v1/reconciliation?from=' + from + '&to=' + to).then(function (tieOut) {
      renderReconciliation(tieOut);
    }).catch(function (problem) {
      if (problem && problem.unauthorised) { return; }
      reconciled.at = 0;
      $('recon-count').textContent = '';
      $('recon-kinds').innerHTML = '';
      $('reconciliation').querySelector('tbody').innerHTML = '<tr><td colspan="6" class="empty">' +
        esc(problem && problem.status ? 'Not shown: ' + (problem.detail || problem.status) : 'The tie-out could not be read.') + '</td></tr>';
    });
  }

  // what a person searches for in the POS, the processor's portal or the bank statement
  function ref(e) { return e.transactionId || e.pspReference || e.bankReference || e.reference || e.batch || ''; }

  function renderReconciliation(tieOut) {
    var exceptions = tieOut.exceptions || [];
    var byKind = (tieOut.summary && tieOut.summary.exceptionsByKind) || {};
    $('recon-span').textContent = tieOut.from + ' to ' + tieOut.to;
    $('recon-count').textContent = exceptions.length ? String(exceptions.length) : '';
    $('reconciliation').setAttribute('data-exceptions', String(exceptions.length));
    $('recon-kinds').innerHTML = Object.keys(byKind).map(function (k) {
      return '<span data-kind="' + esc(k) + '">' + esc(words(k)) + ' <b>' + byKind[k] + '</b></span>';
    }).join('');
    $('reconciliation').querySelector('tbody').innerHTML = exceptions.slice(0, 12).map(function (e) {
      return '<tr data-exception="' + esc(e.kind) + '"><td>' + esc(words(e.kind)) + '</td><td>' + esc(e.store || e.channel || '—') + '</td>' +
        '<td>' + esc(e.date || '') + '</td><td>' + esc(e.tender || '') + '</td>' +
        '<td class="num">' + (e.amount != null ? esc(e.amount + ' ' + (e.currency || '')) : '') + '</td>' +
        '<td class="why">' + esc(e.detail || '') + (ref(e) ? ' <code>' + esc(ref(e)) + '</code>' : '') + '</td></tr>';
    }).join('') || '<tr><td colspan="6" class="empty">None: every tender, settlement, payout and deposit ties out.</td></tr>';
  }

  // --- the loop ---

  function showKeyForm(message) {
    reconciled = { at: 0, to: null };
    $('board').hidden = true;
    $('forget').hidden = true;
    $('key-form').hidden = false;
    $('key-error').textContent = message || '';
    $('updated').textContent = 'not connected';
  }

  function refresh() {
    clearTimeout(timer);
    if (!key()) { showKeyForm(); return; }
    Promise.all([
      api('/api/v1/monitoring/summary?hours=' + hours),
      api('/api/v1/dead-letters?status=DEAD&limit=50').catch(function () { return { deadLetters: [] }; }),
      api('/api/v1/inventory/oversells?limit=20').catch(function () { return []; }),
      api('/api/v1/catalog/acks').catch(function () { return []; }),
      api('/api/v1/returns/parked').catch(function () { return []; })
    ]).then(function (answers) {
      var summary = answers[0];
      var now = Date.parse(summary.evaluatedAt);
      $('key-form').hidden = true;
      $('board').hidden = false;
      $('forget').hidden = false;
      $('brand').textContent = summary.brand || 'integration hub';
      $('updated').textContent = 'updated ' + clock(summary.evaluatedAt) + ' (hub time)';
      document.body.setAttribute('data-evaluated-at', summary.evaluatedAt);
      renderTally(summary.flows);
      renderLocations(summary.flows);
      renderFlows(summary.flows, summary.lag, now);
      renderLagChart(summary.lag, summary.flows, now);
      renderErrors(summary.recentErrors, now);
      renderDeadLetters(answers[1], now);
      renderOversells(answers[2], now);
      renderCatalogue(answers[3], now);
      renderParked(answers[4], now);
      renderDelivery(summary);
      renderSubscribers(summary.subscribers || []);
      reconcile(now);
    }).catch(function (problem) {
      if (problem && problem.unauthorised) {
        sessionStorage.removeItem(KEY);
        showKeyForm('That key is not one the contract knows.');
        return;
      }
      $('updated').textContent = 'hub unreachable, retrying';
    }).then(function () {
      if (key()) { timer = setTimeout(refresh, every); }
    });
  }

  function replay(id, button) {
    button.disabled = true;
    api('/api/v1/dead-letters/' + encodeURIComponent(id) + '/replay', { method: 'POST' }).then(function (letter) {
      $('replay-result').textContent = 'Dead letter ' + id + (letter.status === 'REPLAYED' ? ' delivered.' : ' failed again: ' + (letter.lastError || ''));
      $('replay-result').setAttribute('data-replayed', String(id));
    }).catch(function (problem) {
      $('replay-result').textContent = 'Replay of ' + id + ' refused: ' + ((problem && problem.detail) || 'error');
    }).then(refresh);
  }

  document.addEventListener('click', function (event) {
    var button = event.target.closest('button[data-replay]');
    if (button) { replay(button.getAttribute('data-replay'), button); }
  });

  $('key-form').addEventListener('submit', function (event) {
    event.preventDefault();
    sessionStorage.setItem(KEY, $('key').value.trim());
    $('key').value = '';
    refresh();
  });

  $('forget').addEventListener('click', function () {
    sessionStorage.removeItem(KEY);
    clearTimeout(timer);
    showKeyForm();
  });

  $('every').textContent = String(every / 1000);
  keyFromFragment();
  refresh();
})();
