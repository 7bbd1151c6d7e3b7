// The moderators' page: sign in with a token (kept in sessionStorage, sent only as a bearer header),
// list the queue, decide with the keyboard. Everything is built with DOM calls and textContent, so a
// comment's text can never become markup.
(function () {
  "use strict";

  var TOKEN_KEY = "moderation.token";
  var T = JSON.parse(document.body.getAttribute("data-texts") || "{}");
  var LANG = document.documentElement.lang || "fr";
  var state = { items: [], selected: 0, busy: false, me: null, held: null };

  function $(id) { return document.getElementById(id); }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function token() { return window.sessionStorage.getItem(TOKEN_KEY); }

  function api(method, path, body) {
    var headers = { "Authorization": "Bearer " + token(), "Accept": "application/json", "Accept-Language": LANG };
    var init = { method: method, headers: headers, credentials: "omit", cache: "no-store" };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return window.fetch(path, init).then(function (response) {
      if (response.status === 401) { signOut(); throw new Error("unauthenticated"); }
      if (response.status === 204) { return { status: 204, body: null }; }
      return response.json().then(function (json) { return { status: response.status, body: json }; });
    });
  }

  function say(text) { $("status").textContent = text; }

  // Sign-in ----------------------------------------------------------------------------------
  function showWorkspace(me) {
    state.me = me;
    $("signin").hidden = true;
    $("workspace").hidden = false;
    $("who").hidden = false;
    $("sign-out").hidden = false;
    $("who-name").textContent = me.name + " (" + me.role + ")";
    load();
  }

  function signOut() {
    releaseHeld();
    window.sessionStorage.removeItem(TOKEN_KEY);
    state.items = [];
    state.me = null;
    $("workspace").hidden = true;
    $("who").hidden = true;
    $("sign-out").hidden = true;
    $("signin").hidden = false;
    $("queue").replaceChildren();
  }

  function signIn(candidate) {
    window.sessionStorage.setItem(TOKEN_KEY, candidate);
    return api("GET", "/v1/review/me").then(function (res) {
      if (res.status !== 200) { throw new Error("rejected"); }
      $("signin-error").hidden = true;
      showWorkspace(res.body);
    }).catch(function () {
      window.sessionStorage.removeItem(TOKEN_KEY);
      $("signin-error").hidden = false;
    });
  }

  // Queue ------------------------------------------------------------------------------------
  function query() {
    var params = new URLSearchParams();
    params.set("available_only", "true");
    params.set("limit", "50");
    var post = $("filter-post").value.trim();
    if (post) { params.set("post_id", post); }
    if ($("filter-language").value) { params.set("language", $("filter-language").value); }
    if ($("filter-reason").value) { params.set("reason", $("filter-reason").value); }
    var minAge = $("filter-min-age").value.trim();
    if (minAge) { params.set("min_age", String(Number(minAge) * 60)); }
    params.set("order", $("filter-order").value);
    return params.toString();
  }

  function load() {
    return api("GET", "/v1/review/items?" + query()).then(function (res) {
      state.items = res.body.items || [];
      state.selected = Math.min(state.selected, Math.max(state.items.length - 1, 0));
      $("queue-count").textContent = String(res.body.total);
      render();
      hold();
    }).catch(function (err) { if (err.message !== "unauthenticated") { say(T.error); } });
  }

  function renderHighlights(container, item) {
    (item.highlights || [{ text: item.comment, heads: [] }]).forEach(function (segment) {
      if (segment.heads && segment.heads.length) {
        var mark = el("mark", "hl", segment.text);
        mark.title = segment.heads.join(", ");
        mark.setAttribute("data-heads", segment.heads.join(" "));
        container.appendChild(mark);
      } else {
        container.appendChild(document.createTextNode(segment.text));
      }
    });
  }

  function renderItem(item, index) {
    var li = el("li", "item" + (index === state.selected ? " selected" : ""));
    li.setAttribute("data-id", item.id);
    li.tabIndex = -1;
    var head = el("header");
    head.appendChild(el("span", "author", item.author.name || "?"));
    head.appendChild(el("span", null, T.on_post + " " + item.post_id));
    head.appendChild(el("span", "badge", item.language));
    head.appendChild(el("span", null, T.age + " " + Math.round(item.age_seconds / 60) + " " + T.minutes));
    head.appendChild(el("span", "badge", T.risk + " " + item.risk.toFixed(2)));
    if (item.audit) { head.appendChild(el("span", "badge audit", T.audit_item)); }
    if (item.claim) { head.appendChild(el("span", "badge claim", T.claimed_by + " " + item.claim.moderator)); }
    li.appendChild(head);

    var text = el("p", "comment");
    renderHighlights(text, item);
    li.appendChild(text);

    var details = el("div", "details");
    var scores = el("div", "scores");
    scores.appendChild(el("h3", null, T.scores));
    if (!Object.keys(item.scores).length) { scores.appendChild(el("p", null, T.no_scores)); }
    Object.keys(item.scores).sort().forEach(function (name) {
      var row = el("div", "score");
      var value = item.scores[name];
      row.appendChild(el("span", null, name));
      var meter = el("span", "meter");
      var fill = el("span", "fill" + (value >= 0.5 ? " high" : ""));
      fill.style.width = Math.round(value * 100) + "%";
      meter.appendChild(fill);
      row.appendChild(meter);
      row.appendChild(el("span", null, value.toFixed(2)));
      scores.appendChild(row);
    });
    details.appendChild(scores);

    var reasons = el("div", "reasons");
    reasons.appendChild(el("h3", null, T.reasons));
    var reasonList = el("ul");
    item.reasons.forEach(function (r) { reasonList.appendChild(el("li", null, r.message)); });
    reasons.appendChild(reasonList);
    details.appendChild(reasons);

    var history = el("div", "history");
    history.appendChild(el("h3", null, T.history));
    if (!item.history.total) {
      history.appendChild(el("p", null, T.no_history));
    } else {
      history.appendChild(el("p", null, item.history.total + " " + T.earlier_comments));
      var recent = el("ul");
      item.history.recent.forEach(function (h) {
        recent.appendChild(el("li", "status-" + h.status, new Date(h.created_at * 1000).toLocaleString(LANG) + " · " + h.status));
      });
      history.appendChild(recent);
    }
    details.appendChild(history);
    li.appendChild(details);

    var actions = el("div", "actions");
    [["approve", T.approve + " (a)"], ["reject", T.reject + " (r)"], ["spam", T.spam + " (s)"]].forEach(function (pair) {
      var button = el("button", pair[0], pair[1]);
      button.type = "button";
      button.addEventListener("click", function () { state.selected = index; act(pair[0]); });
      actions.appendChild(button);
    });
    li.appendChild(actions);
    li.addEventListener("click", function () { if (state.selected !== index) { select(index); } });
    return li;
  }

  function render() {
    var list = $("queue");
    list.replaceChildren();
    state.items.forEach(function (item, index) { list.appendChild(renderItem(item, index)); });
    $("queue-empty").hidden = state.items.length > 0;
  }

  function select(index) {
    if (!state.items.length) { return; }
    state.selected = Math.max(0, Math.min(index, state.items.length - 1));
    var nodes = $("queue").children;
    for (var i = 0; i < nodes.length; i++) { nodes[i].classList.toggle("selected", i === state.selected); }
    var node = nodes[state.selected];
    if (node && node.scrollIntoView) { node.scrollIntoView({ block: "nearest" }); }
    hold();
  }

  // Claim the comment being read, so no other moderator works on it meanwhile; give back the previous one.
  function itemPath(id, action) { return "/v1/review/items/" + encodeURIComponent(id) + "/" + action; }

  // Claims and releases run one after another, so a quick j/k never leaves a claim on a comment the page
  // has moved away from (a release overtaking its own claim would).
  var leaseCalls = Promise.resolve();
  function inTurn(call) {
    leaseCalls = leaseCalls.then(call).catch(function () {});
  }

  function hold() {
    var item = state.items[state.selected];
    var previous = state.held;
    if (!item || previous === item.id) { return; }
    state.held = item.id;
    if (previous) { inTurn(function () { return api("POST", itemPath(previous, "release")); }); }
    inTurn(function () {
      if (state.held !== item.id) { return null; }  // already moved on: do not claim it
      return api("POST", itemPath(item.id, "claim")).then(function (res) {
        if (res.status !== 409) { return; }
        if (state.held === item.id) { state.held = null; }
        say(T.conflict);
        var at = state.items.indexOf(item);
        if (at >= 0) { state.items.splice(at, 1); }
        state.selected = Math.min(state.selected, Math.max(state.items.length - 1, 0));
        render();
        hold();
      });
    });
  }

  function releaseHeld() {
    if (!state.held || !token()) { return; }
    // keepalive lets the release finish while the tab closes; the lease would expire by itself anyway.
    window.fetch(itemPath(state.held, "release"), {
      method: "POST", keepalive: true, credentials: "omit", headers: { "Authorization": "Bearer " + token() }
    }).catch(function () {});
    state.held = null;
  }

  // Decisions --------------------------------------------------------------------------------
  function act(kind) {
    var item = state.items[state.selected];
    if (!item || state.busy) { return; }
    var body = kind === "approve" ? { decision: "approve" }
      : kind === "spam" ? { decision: "reject", reason: "spam" }
      : { decision: "reject", reason: $("reject-reason").value };
    state.busy = true;
    api("POST", "/v1/review/items/" + encodeURIComponent(item.id) + "/decision", body).then(function (res) {
      if (res.status === 200) {
        say(T.decided + " : " + (item.author.name || item.id) + " → " + res.body.status);
      } else if (res.status === 409) {
        say(T.conflict);
      } else {
        say(T.error);
        return;
      }
      state.items.splice(state.selected, 1);
      if (state.held === item.id) { state.held = null; }
      $("queue-count").textContent = String(Math.max(0, Number($("queue-count").textContent) - 1));
      state.selected = Math.min(state.selected, Math.max(state.items.length - 1, 0));
      render();
      if (state.items.length) { hold(); } else { load(); }
    }).catch(function (err) { if (err.message !== "unauthenticated") { say(T.error); } })
      .then(function () { state.busy = false; });
  }

  function toggleHelp(show) {
    var help = $("help");
    help.hidden = show === undefined ? !help.hidden : !show;
  }

  function onKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var target = event.target;
    var typing = target && (target.tagName === "INPUT" || target.tagName === "SELECT" || target.tagName === "TEXTAREA");
    if (event.key === "Escape") { toggleHelp(false); if (typing) { target.blur(); } return; }
    if (typing || $("workspace").hidden) { return; }
    switch (event.key) {
      case "j": select(state.selected + 1); break;
      case "k": select(state.selected - 1); break;
      case "a": act("approve"); break;
      case "r": act("reject"); break;
      case "s": act("spam"); break;
      case "?": toggleHelp(); break;
      default: return;
    }
    event.preventDefault();
  }

  // Wiring -----------------------------------------------------------------------------------
  $("signin-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var value = $("token").value.trim();
    $("token").value = "";
    if (value) { signIn(value); }
  });
  $("filters").addEventListener("submit", function (event) { event.preventDefault(); state.selected = 0; load(); });
  $("sign-out").addEventListener("click", signOut);
  $("help-button").addEventListener("click", function () { toggleHelp(); });
  $("help-close").addEventListener("click", function () { toggleHelp(false); });
  document.addEventListener("keydown", onKey);
  window.addEventListener("pagehide", releaseHeld);

  if (token()) {
    api("GET", "/v1/review/me").then(function (res) {
      if (res.status === 200) { showWorkspace(res.body); } else { signOut(); }
    }).catch(function () { signOut(); });
  }
}());
