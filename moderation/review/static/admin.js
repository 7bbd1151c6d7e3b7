// The administrators' view: the desk's last two weeks in charts (from GET /v1/review/stats), the decision
// log, webhook deliveries, bans and discussion settings. Every change asks for a confirmation first.
// Built with DOM calls and textContent only, like the queue.
(function () {
  "use strict";

  var DAYS = 14;
  var OUTCOMES = ["approved", "pending", "rejected", "spam"];
  var OUTCOME_COLORS = { approved: "#00a32a", pending: "#dba617", rejected: "#d63638", spam: "#8c5fbf" };
  var WAITS = ["under_5m", "under_1h", "under_6h", "under_24h", "over_24h"];
  var ctx = null;  // { api, T, LANG, say }
  var settingsBase = null;
  var pendingChanges = null;
  var pendingBan = null;

  function $(id) { return document.getElementById(id); }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function t(key) { return ctx.T[key] || key; }
  function say(text) { $("admin-status").textContent = text; }
  function pct(value) { return (value * 100).toLocaleString(ctx.LANG, { maximumFractionDigits: 1 }) + " %"; }
  function shortDay(day) { return day.slice(8, 10) + "/" + day.slice(5, 7); }
  function when(at) { return new Date(at * 1000).toLocaleString(ctx.LANG); }

  // Replace a figure's chart, keeping its caption.
  function draw(id, content) {
    var figure = $(id);
    while (figure.children.length > 1) { figure.removeChild(figure.lastChild); }
    figure.appendChild(content);
    figure.hidden = false;
  }

  function empty() { return el("p", "muted", t("no_data")); }

  function renderStats(stats) {
    var C = window.ModerationCharts;
    var days = Object.keys(stats.intake_per_day || {}).sort();
    var intake = stats.intake_per_day || {};
    var anyIntake = days.some(function (d) { return intake[d].total > 0; });
    var outcomeRows = days.map(function (d) { return { label: d, short: shortDay(d), values: intake[d].statuses }; });
    draw("chart-outcomes", anyIntake ? C.stacked(outcomeRows, OUTCOMES.map(function (o) {
      return { key: o, label: t("status_" + o), color: OUTCOME_COLORS[o] };
    }), { label: t("chart_outcomes") }) : empty());

    var heldRows = days.map(function (d) {
      return { label: d, short: shortDay(d), values: { held: intake[d].held_share || 0 } };
    });
    draw("chart-held", anyIntake ? C.stacked(heldRows, [{ key: "held", label: t("chart_held_share"), color: "#dba617" }],
      { max: 1, format: pct, axis: function (v) { return Math.round(v * 100) + "%"; }, label: t("chart_held_share") })
      : empty());

    var waits = stats.time_to_decision || {};
    var anyWait = days.some(function (d) { return waits[d] && waits[d].decisions > 0; });
    var waitRows = days.map(function (d) { return { label: d, short: shortDay(d), values: (waits[d] || {}).buckets || {} }; });
    var waitChart = document.createDocumentFragment();
    if (anyWait) {
      waitChart.appendChild(C.stacked(waitRows, WAITS.map(function (w, i) {
        return { key: w, label: t("wait_" + w), color: ["#00a32a", "#68de7c", "#dba617", "#e26f56", "#d63638"][i] };
      }), { label: t("chart_wait") }));
      var total = 0, seconds = 0;
      days.forEach(function (d) {
        var w = waits[d];
        if (w && w.decisions) { total += w.decisions; seconds += w.mean_seconds * w.decisions; }
      });
      waitChart.appendChild(el("p", "muted", t("mean_wait") + (ctx.LANG === "fr" ? " : " : ": ") + Math.round(seconds / total / 60) + " min · "
        + total + " " + t("decisions")));
    } else {
      waitChart.appendChild(empty());
    }
    draw("chart-wait", waitChart);

    var heads = stats.agreement_by_head || {};
    var headNames = Object.keys(heads).filter(function (h) { return h !== "no_model"; }).sort(function (a, b) {
      return (heads[b].rate === null ? -1 : heads[b].rate) - (heads[a].rate === null ? -1 : heads[a].rate);
    });
    draw("chart-agreement", headNames.length ? C.bars(headNames.map(function (h) {
      var cell = heads[h];
      return {
        label: t("head_" + h), value: cell.rate, color: "#2271b1",
        text: cell.rate === null ? t("never_held") : pct(cell.rate) + " (" + cell.total + ")"
      };
    }), { max: 1, label: t("chart_agreement") }) : empty());

    var versions = {};
    days.forEach(function (d) { Object.keys(intake[d].models || {}).forEach(function (v) { versions[v] = true; }); });
    var versionList = Object.keys(versions).sort();
    draw("chart-models", versionList.length ? C.stacked(days.map(function (d) {
      return { label: d, short: shortDay(d), values: intake[d].models || {} };
    }), versionList.map(function (v) { return { key: v, label: v }; }), { legend: true, label: t("chart_models") })
      : empty());

    renderSiteMemory(stats.site_memory);
    renderSiteLearning(stats.site_learning);
  }

  // The site memory's object (GET /v1/review/stats `site_memory`: spam_domains, spam_phones, campaigns), drawn
  // when the stats carry it.
  function renderSiteMemory(memory) {
    if (!memory) { return; }
    var C = window.ModerationCharts;
    var rows = [];
    (memory.spam_domains || []).slice(0, 10).forEach(function (d) {
      rows.push({ label: d.domain, value: d.spam, color: "#d63638",
                  text: d.spam + " " + t("spam_count") + " · " + d.ham + " " + t("ham_count") });
    });
    (memory.spam_phones || []).slice(0, 5).forEach(function (p) {
      rows.push({ label: p.number, value: p.spam, color: "#8c5fbf",
                  text: p.spam + " " + t("spam_count") + " · " + p.ham + " " + t("ham_count") });
    });
    draw("chart-spam-domains", rows.length ? C.bars(rows, { label: t("chart_spam_domains") }) : empty());
    var campaigns = memory.campaigns || [];
    var list = el("ul", "plain");
    campaigns.slice(0, 10).forEach(function (c) {
      list.appendChild(el("li", null, c.held + " " + t("comments") + " · " + c.identities + " " + t("authors")
        + " · " + when(c.first_held_at) + " → " + when(c.last_held_at)));
    });
    draw("chart-campaigns", campaigns.length ? list : empty());
  }

  // The site layer's object (GET /v1/review/stats `site_learning`): its summary, and per head the held-out
  // ROC-AUC of the global model and of the layer.
  function renderSiteLearning(learning) {
    if (!learning) { return; }
    var box = document.createDocumentFragment();
    var summary = learning.summary ? learning.summary[ctx.LANG] : null;
    box.appendChild(el("p", null, (learning.serving ? "✓ " : "✗ ") + (summary || t("no_data"))));
    var heads = learning.heads || {};
    var names = Object.keys(heads);
    if (names.length) {
      box.appendChild(window.ModerationCharts.bars(names.map(function (h) {
        var head = heads[h];
        var fmt = function (v) { return typeof v === "number" ? v.toFixed(3) : "–"; };
        return { label: t("head_" + h), value: typeof head.auc_layer === "number" ? head.auc_layer : null,
                 color: "#00a32a", text: fmt(head.auc_global) + " → " + fmt(head.auc_layer) };
      }), { max: 1 }));
    }
    draw("site-learning", box);
  }

  function renderAudit(entries) {
    var body = $("audit-table").querySelector("tbody");
    body.replaceChildren();
    entries.forEach(function (e) {
      var tr = el("tr");
      tr.appendChild(el("td", null, when(e.at)));
      tr.appendChild(el("td", null, e.moderator));
      tr.appendChild(el("td", "mono", e.comment_id.slice(0, 8)));
      tr.appendChild(el("td", null, t("status_" + e.from) + " → " + t("status_" + e.to)));
      tr.appendChild(el("td", null, e.reason ? t("reason_" + e.reason) : (e.decision === "revert" ? t("undo") : "")));
      body.appendChild(tr);
    });
    if (!entries.length) { body.appendChild(emptyRow(5)); }
  }

  function emptyRow(span) {
    var tr = el("tr");
    var td = el("td", "muted", t("no_data"));
    td.colSpan = span;
    tr.appendChild(td);
    return tr;
  }

  function renderDeliveries(d) {
    $("deliveries-summary").textContent = d.configured ? d.pending + " " + t("pending_count") + " · " + d.dead + " "
      + t("dead_count") : t("deliveries_off");
    var body = $("deliveries-table").querySelector("tbody");
    body.replaceChildren();
    d.attempts.forEach(function (a) {
      var tr = el("tr");
      tr.appendChild(el("td", null, when(a.at)));
      tr.appendChild(el("td", "mono", String(a.comment_id || "").slice(0, 8)));
      tr.appendChild(el("td", null, a.outcome + (a.status_code ? " (" + a.status_code + ")" : "") + " #" + a.attempt));
      body.appendChild(tr);
    });
    if (!d.attempts.length) { body.appendChild(emptyRow(3)); }
  }

  function renderBans(bans) {
    var list = $("ban-list");
    list.replaceChildren();
    ["email", "ip"].forEach(function (kind) {
      bans[kind].forEach(function (hash) {
        var li = el("li");
        li.appendChild(el("span", "mono", kind + " · " + hash.slice(0, 12) + "…"));
        var lift = el("button", null, t("unban") + "…");
        lift.type = "button";
        lift.setAttribute("data-kind", kind);
        lift.setAttribute("data-hash", hash);
        li.appendChild(lift);
        list.appendChild(li);
      });
    });
    if (!list.children.length) { list.appendChild(el("li", "muted", t("no_bans"))); }
  }

  function renderSettings(s) {
    settingsBase = s.effective;
    var form = $("settings-form");
    form.elements.moderation_keys.value = (s.effective.moderation_keys || []).join("\n");
    form.elements.disallowed_keys.value = (s.effective.disallowed_keys || []).join("\n");
    form.elements.max_links.value = s.effective.max_links === undefined ? "" : s.effective.max_links;
    form.elements.manual_approval.checked = !!s.effective.manual_approval;
    form.elements.require_previously_approved.checked = !!s.effective.require_previously_approved;
  }

  function lines(text) { return text.split("\n").map(function (w) { return w.trim(); }).filter(Boolean); }

  function settingsChanges() {
    var form = $("settings-form");
    var wanted = {
      moderation_keys: lines(form.elements.moderation_keys.value),
      disallowed_keys: lines(form.elements.disallowed_keys.value),
      max_links: form.elements.max_links.value === "" ? null : Number(form.elements.max_links.value),
      manual_approval: form.elements.manual_approval.checked,
      require_previously_approved: form.elements.require_previously_approved.checked
    };
    var changes = {};
    Object.keys(wanted).forEach(function (name) {
      if (JSON.stringify(wanted[name]) !== JSON.stringify(settingsBase[name] === undefined ? null : settingsBase[name])) {
        changes[name] = wanted[name];
      }
    });
    return changes;
  }

  function load() {
    say("");
    var api = ctx.api;
    return Promise.all([
      api("GET", "/v1/review/stats?days=" + DAYS),
      api("GET", "/v1/review/audit?limit=20"),
      api("GET", "/v1/review/deliveries?limit=20"),
      api("GET", "/v1/review/bans"),
      api("GET", "/v1/review/settings")
    ]).then(function (answers) {
      if (answers.some(function (a) { return a.status !== 200; })) { say(t("error")); return; }
      renderStats(answers[0].body);
      renderAudit(answers[1].body.entries);
      renderDeliveries(answers[2].body);
      renderBans(answers[3].body);
      renderSettings(answers[4].body);
      $("admin").setAttribute("data-loaded", "true");
    }).catch(function () { say(t("error")); });
  }

  function wire() {
    $("settings-form").addEventListener("submit", function (event) {
      event.preventDefault();
      pendingChanges = settingsChanges();
      var names = Object.keys(pendingChanges);
      if (!names.length) { say(t("nothing_changed")); return; }
      var diff = $("settings-diff");
      diff.replaceChildren();
      names.forEach(function (name) {
        var value = pendingChanges[name];
        diff.appendChild(el("li", null, t(name) + " : " + (Array.isArray(value) ? value.join(", ") || "–" : String(value))));
      });
      $("settings-confirm").hidden = false;
      $("settings-yes").focus();
    });
    $("settings-no").addEventListener("click", function () { $("settings-confirm").hidden = true; pendingChanges = null; });
    $("settings-yes").addEventListener("click", function () {
      var changes = pendingChanges;
      $("settings-confirm").hidden = true;
      pendingChanges = null;
      if (!changes) { return; }
      ctx.api("PUT", "/v1/review/settings", changes).then(function (res) {
        if (res.status !== 200) { say(errorText(res)); return; }
        renderSettings(res.body);
        say(t("saved"));
      }).catch(function () { say(t("error")); });
    });
    $("ban-form").addEventListener("submit", function (event) {
      event.preventDefault();
      var form = event.target;
      var body = {};
      if (form.elements.email.value.trim()) { body.email = form.elements.email.value.trim(); }
      if (form.elements.comment_id.value.trim()) { body.comment_id = form.elements.comment_id.value.trim(); }
      if (!body.email && !body.comment_id) { return; }
      pendingBan = { method: "POST", path: "/v1/review/bans", body: body };
      $("ban-confirm-text").textContent = t("confirm_ban") + " " + (body.email || body.comment_id);
      $("ban-confirm").hidden = false;
      $("ban-yes").focus();
    });
    $("ban-list").addEventListener("click", function (event) {
      var button = event.target.closest("button[data-hash]");
      if (!button) { return; }
      var kind = button.getAttribute("data-kind"), hash = button.getAttribute("data-hash");
      pendingBan = { method: "DELETE", path: "/v1/review/bans/" + kind + "/" + encodeURIComponent(hash) };
      $("ban-confirm-text").textContent = t("confirm_unban") + " " + kind + " · " + hash.slice(0, 12) + "…";
      $("ban-confirm").hidden = false;
      $("ban-yes").focus();
    });
    $("ban-no").addEventListener("click", function () { $("ban-confirm").hidden = true; pendingBan = null; });
    $("ban-yes").addEventListener("click", function () {
      var call = pendingBan;
      $("ban-confirm").hidden = true;
      pendingBan = null;
      if (!call) { return; }
      ctx.api(call.method, call.path, call.body).then(function (res) {
        if (res.status !== 200 && res.status !== 201) { say(errorText(res)); return; }
        $("ban-form").reset();
        say(t("saved"));
        return ctx.api("GET", "/v1/review/bans").then(function (bans) { renderBans(bans.body); });
      }).catch(function () { say(t("error")); });
    });
  }

  function errorText(res) {
    var errors = res.body && res.body.errors;
    return errors && errors.length ? errors.map(function (e) { return e.message; }).join(" ") : t("error");
  }

  var wired = false;
  window.ModerationAdmin = {
    show: function (context) {
      ctx = context;
      if (!wired) { wire(); wired = true; }
      return load();
    }
  };
}());
