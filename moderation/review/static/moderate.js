// The moderators' page: sign in with a token (kept in sessionStorage, sent only as a bearer header),
// list the queue compactly, decide with the keyboard or the pointer, in bulk, and undo. Everything is built
// with DOM calls and textContent, so a comment's text can never become markup.
//
// One "current" comment: j/k, a click, or the focus entering a comment (Tab to one of its buttons) make it
// current, and a/r/s/x always act on it. When the keyboard moves the current comment, the focus moves with it.
(function () {
  "use strict";

  var TOKEN_KEY = "moderation.token";
  var UNDO_DEPTH = 20;
  var POLL_MS = 2000;  // a comment held while the page is open shows within a few seconds
  var T = JSON.parse(document.body.getAttribute("data-texts") || "{}");
  var LANG = document.documentElement.lang || "fr";
  var state = {
    items: [], selected: 0, busy: false, me: null, held: null,
    checked: {},   // comment id -> true, for bulk decisions
    undo: [],      // groups of decided comments, latest last: { kind, entries: [{ item, index }] }
    picking: null, // comment ids the reason picker will reject
    etag: null,    // the queue page's ETag: polling asks If-None-Match and gets 304 while nothing changed
    polling: false
  };

  function $(id) { return document.getElementById(id); }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function token() { return window.sessionStorage.getItem(TOKEN_KEY); }
  function label(prefix, code) { return T[prefix + code] || code; }

  function api(method, path, body, etag) {
    var headers = { "Authorization": "Bearer " + token(), "Accept": "application/json", "Accept-Language": LANG };
    if (etag) { headers["If-None-Match"] = etag; }
    var init = { method: method, headers: headers, credentials: "omit", cache: "no-store" };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return window.fetch(path, init).then(function (response) {
      if (response.status === 401) { signOut(); throw new Error("unauthenticated"); }
      var tag = response.headers.get("ETag");
      if (response.status === 204 || response.status === 304) { return { status: response.status, body: null, etag: tag }; }
      return response.json().then(function (json) { return { status: response.status, body: json, etag: tag }; });
    });
  }

  function format(template, params) {
    return String(template).replace(/\{(\w+)\}/g, function (all, name) { return params[name] !== undefined ? params[name] : all; });
  }

  // A score as a newsroom reads it: a band, with the exact figure as its title (shown on hover).
  function band(value) { return value >= 0.75 ? "high" : value >= 0.25 ? "medium" : "low"; }
  function bandNode(value, className) {
    var node = el("span", "band band-" + band(value) + (className ? " " + className : ""), T["band_" + band(value)]);
    node.title = T.exact_score + " : " + value.toFixed(4);
    node.setAttribute("data-score", String(value));
    return node;
  }

  // Another moderator holds this comment: it is shown, marked, and never made current.
  function takenByOther(item) { return !!(item && item.claim && state.me && item.claim.moderator !== state.me.name); }

  function say(text) { $("status").textContent = text; }
  function failed(err) { if (err.message !== "unauthenticated") { say(T.error); } }

  // Sign-in ----------------------------------------------------------------------------------
  function showWorkspace(me) {
    state.me = me;
    $("signin").hidden = true;
    $("workspace").hidden = false;
    $("who").hidden = false;
    $("sign-out").hidden = false;
    $("who-name").textContent = me.name + " (" + label("role_", me.role) + ")";
    $("admin-button").hidden = me.role !== "admin";
    load();
    startPolling();
  }

  function signOut() {
    stopPolling();
    releaseHeld();
    window.sessionStorage.removeItem(TOKEN_KEY);
    state.items = [];
    state.me = null;
    state.checked = {};
    state.undo = [];
    $("workspace").hidden = true;
    $("who").hidden = true;
    $("sign-out").hidden = true;
    $("signin").hidden = false;
    $("admin").hidden = true;
    $("admin-button").hidden = true;
    state.etag = null;
    $("queue").replaceChildren();
    renderUndo();
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
      state.etag = res.etag;
      state.items = res.body.items || [];
      state.selected = selectable(Math.min(state.selected, Math.max(state.items.length - 1, 0)), 1);
      var present = {};
      state.items.forEach(function (item) { if (state.checked[item.id]) { present[item.id] = true; } });
      state.checked = present;
      $("queue-count").textContent = String(res.body.total);
      render();
      hold();
    }).catch(failed);
  }

  function indexOf(id) {
    for (var i = 0; i < state.items.length; i++) { if (state.items[i].id === id) { return i; } }
    return -1;
  }

  // The reason shown in the compact row, in a few words: the first one (the server lists the reason that
  // drove the status first), not "no model loaded".
  function mainReasonOf(item) {
    var reasons = item.reasons || [];
    for (var i = 0; i < reasons.length; i++) { if (reasons[i].source !== "system") { return reasons[i]; } }
    return reasons.length ? reasons[0] : null;
  }
  function mainReason(item) {
    var reason = mainReasonOf(item);
    return reason ? reason.label || reason.message : "";
  }

  // Scores in the moderators' order: the head that drove the hold first, then by score, highest first.
  function scoreOrder(item) {
    var main = mainReasonOf(item);
    var first = main && main.head && item.scores[main.head] !== undefined ? main.head : null;
    return Object.keys(item.scores).sort(function (a, b) {
      if (a === first) { return -1; }
      if (b === first) { return 1; }
      return item.scores[b] - item.scores[a];
    });
  }

  function safeLink(href, text) {
    var url;
    try { url = new URL(href); } catch (e) { return null; }
    if (url.protocol !== "http:" && url.protocol !== "https:") { return null; }
    var a = el("a", null, text || url.href);
    a.href = url.href;
    a.target = "_blank";
    a.rel = "noopener noreferrer nofollow ugc";
    return a;
  }

  function renderHighlights(container, item) {
    (item.highlights || [{ text: item.comment, heads: [] }]).forEach(function (segment) {
      if (segment.heads && segment.heads.length) {
        var mark = el("mark", "hl", segment.text);
        mark.title = segment.heads.map(function (h) { return label("head_", h); }).join(", ");
        mark.setAttribute("data-heads", segment.heads.join(" "));
        container.appendChild(mark);
      } else {
        container.appendChild(document.createTextNode(segment.text));
      }
    });
  }

  function field(list, name, value) {
    list.appendChild(el("dt", null, name));
    var dd = el("dd");
    if (value === null || value === undefined || value === "") { dd.textContent = T.none; dd.className = "muted"; }
    else if (typeof value === "string") { dd.textContent = value; }
    else { dd.appendChild(value); }
    list.appendChild(dd);
  }

  function renderDetails(item) {
    var details = el("div", "details");
    var text = el("p", "comment");
    renderHighlights(text, item);
    details.appendChild(text);
    // The decision buttons come right after the comment (sticky on a phone), not below the facts.
    var actions = el("div", "actions");
    [["approve", T.approve + " (a)"], ["reject", T.reject + " (r)"], ["spam", T.spam + " (s)"]].forEach(function (pair) {
      var button = el("button", pair[0], pair[1]);
      button.type = "button";
      button.setAttribute("data-action", pair[0]);
      actions.appendChild(button);
    });
    details.appendChild(actions);

    var author = el("dl", "author-fields");
    var drivers = (item.explanation && item.explanation.fields) || [];
    // The name is listed here only when it drove the spam score (a link typed as a name): the row shows it already.
    var byName = drivers.some(function (f) { return f.field === "name"; });
    var rows = byName ? ["name", "email", "website"] : ["email", "website"];
    if (rows[0] === "name") { field(author, T.author_name, item.author.name || ""); }
    field(author, T.email_domain, item.author.email_domain || "");
    field(author, T.website, item.author.url ? (safeLink(item.author.url) || item.author.url) : "");
    // An author field the model found decisive for spam is flagged, with the model's own words as its title.
    drivers.forEach(function (f) {
      var at = rows.indexOf(f.field);
      var dd = at < 0 ? null : author.querySelectorAll("dd")[at];
      if (dd) { dd.classList.add("flagged"); dd.title = f.message; }
    });
    var article = item.permalink ? safeLink(item.permalink, T.open_article) : null;
    field(author, T.article, article || (item.post_id ? "#" + item.post_id : ""));
    details.appendChild(author);

    var grid = el("div", "facts");
    var scores = el("div", "scores");
    scores.appendChild(el("h3", null, T.scores));
    if (!Object.keys(item.scores).length) { scores.appendChild(el("p", null, T.no_scores)); }
    scoreOrder(item).forEach(function (name) {
      var row = el("div", "score");
      var value = item.scores[name];
      row.setAttribute("data-head", name);
      row.appendChild(el("span", "head", label("head_", name)));
      var meter = el("span", "meter");
      var fill = el("span", "fill fill-" + band(value));
      fill.style.width = Math.round(value * 100) + "%";
      meter.appendChild(fill);
      meter.title = T.exact_score + " : " + value.toFixed(4);
      row.appendChild(meter);
      row.appendChild(bandNode(value));
      scores.appendChild(row);
    });
    grid.appendChild(scores);

    var reasons = el("div", "reasons");
    reasons.appendChild(el("h3", null, T.reasons));
    var reasonList = el("ul");
    item.reasons.forEach(function (r) {
      var li = el("li", null, r.label || r.message);
      li.title = r.message;
      if (typeof r.score === "number") { li.appendChild(document.createTextNode(" ")); li.appendChild(bandNode(r.score)); }
      reasonList.appendChild(li);
    });
    reasons.appendChild(reasonList);
    grid.appendChild(reasons);

    var history = el("div", "history");
    history.appendChild(el("h3", null, T.history));
    if (!item.history.total) {
      history.appendChild(el("p", null, T.no_history));
    } else {
      history.appendChild(el("p", null, item.history.total + " " + T.earlier_comments));
      var recent = el("ul");
      item.history.recent.forEach(function (h) {
        recent.appendChild(el("li", "status-" + h.status,
          new Date(h.created_at * 1000).toLocaleString(LANG) + " · " + label("status_", h.status)));
      });
      history.appendChild(recent);
    }
    grid.appendChild(history);
    details.appendChild(grid);
    return details;
  }

  function renderItem(item, index) {
    var current = index === state.selected && !takenByOther(item);
    var li = el("li", "item" + (current ? " current" : "") + (takenByOther(item) ? " taken" : ""));
    li.setAttribute("data-id", item.id);
    if (current) { li.setAttribute("aria-current", "true"); }
    li.tabIndex = -1;
    li.appendChild(renderRow(item));
    if (current) { li.appendChild(renderDetails(item)); }
    return li;
  }

  // What the compact row shows; a poll re-renders it only when this changes.
  function rowSignature(item) {
    return JSON.stringify([item.claim && item.claim.moderator, mainReason(item), item.risk, item.language, item.audit,
      Math.round(item.age_seconds / 60), !!state.checked[item.id]]);
  }

  function renderRow(item) {
    var row = el("div", "row");
    row.setAttribute("data-signature", rowSignature(item));
    var pick = el("input", "pick");
    pick.type = "checkbox";
    pick.checked = !!state.checked[item.id];
    pick.setAttribute("aria-label", T.select_item);
    row.appendChild(pick);
    var summary = el("div", "summary");
    summary.appendChild(el("p", "snippet", item.comment));
    var meta = el("p", "meta");
    meta.appendChild(el("span", "author", item.author.name || "?"));
    meta.appendChild(el("span", "main-reason", mainReason(item)));
    if (Object.keys(item.scores).length) {
      var risk = el("span", "badge risk", T.risk + " ");
      risk.appendChild(bandNode(item.risk));
      meta.appendChild(risk);
    }
    meta.appendChild(el("span", null, Math.round(item.age_seconds / 60) + " " + T.minutes));
    if (item.language) { meta.appendChild(el("span", "badge", item.language)); }
    if (item.audit) { meta.appendChild(el("span", "badge audit", T.audit_item)); }
    if (takenByOther(item)) {
      meta.appendChild(el("span", "badge claim", "👁 " + T.claimed_by_colleague + " (" + item.claim.moderator + ")"));
    }
    summary.appendChild(meta);
    row.appendChild(summary);
    return row;
  }

  function render() {
    var list = $("queue");
    list.replaceChildren();
    state.items.forEach(function (item, index) { list.appendChild(renderItem(item, index)); });
    $("queue-empty").hidden = state.items.length > 0;
    renderBulk();
  }

  function currentNode() { return $("queue").children[state.selected] || null; }

  function focusInQueue() {
    var active = document.activeElement;
    return !!(active && $("queue").contains(active));
  }

  // The nearest comment from `index` on, in `direction` (1 or -1), that no colleague holds; `index` itself
  // (clamped) when there is none that way, then the other way.
  function selectable(index, direction) {
    var n = state.items.length;
    index = Math.max(0, Math.min(index, n - 1));
    for (var i = index; i >= 0 && i < n; i += direction) { if (!takenByOther(state.items[i])) { return i; } }
    for (var j = index; j >= 0 && j < n; j -= direction) { if (!takenByOther(state.items[j])) { return j; } }
    return index;
  }

  // Make `index` current. With `focus`, the keyboard focus moves to it (j/k, after a decision); without,
  // the focus is already inside it (it came by Tab or a click) and stays where it is.
  function select(index, focus, direction) {
    if (!state.items.length) { return; }
    var wanted = Math.max(0, Math.min(index, state.items.length - 1));
    index = selectable(wanted, direction || (wanted < state.selected ? -1 : 1));
    if (takenByOther(state.items[index])) { return; }
    var nodes = $("queue").children;
    if (index !== state.selected || !nodes[index] || !nodes[index].classList.contains("current")) {
      var old = nodes[state.selected];
      if (old && old.classList.contains("current")) {
        old.classList.remove("current");
        old.removeAttribute("aria-current");
        var oldDetails = old.querySelector(".details");
        if (oldDetails) { old.removeChild(oldDetails); }
      }
      state.selected = index;
      var node = nodes[index];
      node.classList.add("current");
      node.setAttribute("aria-current", "true");
      node.appendChild(renderDetails(state.items[index]));
    }
    var target = nodes[state.selected];
    if (focus && target) { target.focus({ preventScroll: true }); }
    if (target && target.scrollIntoView) { target.scrollIntoView({ block: "nearest" }); }
    hold();
  }

  // Claim the comment being read, so no other moderator works on it meanwhile; give back the previous one.
  function itemPath(id, action) { return "/v1/review/items/" + encodeURIComponent(id) + "/" + action; }

  // Claims, releases, decisions and reverts run one after another, so a quick j/k never leaves a claim on a
  // comment the page has moved away from (a release overtaking its own claim would), and a decision never
  // overtakes the claim of its own comment. `inTurn` answers with the call's own result.
  var leaseCalls = Promise.resolve();
  function inTurn(call) {
    var result = leaseCalls.then(call);
    leaseCalls = result.catch(function () {});
    return result;
  }

  function hold() {
    var item = state.items[state.selected];
    var previous = state.held;
    if (!item || takenByOther(item) || previous === item.id) { return; }
    state.held = item.id;
    if (previous) {
      inTurn(function () {
        if (indexOf(previous) < 0) { return null; }  // decided meanwhile: nothing left to give back
        return api("POST", itemPath(previous, "release"));
      });
    }
    inTurn(function () {
      if (state.held !== item.id) { return null; }  // already moved on: do not claim it
      return api("POST", itemPath(item.id, "claim")).then(function (res) {
        if (res.status === 200 && res.body && res.body.id === item.id) { refresh(res.body); return; }
        if (res.status !== 409) { return; }
        if (state.held === item.id) { state.held = null; }
        say(T.conflict);
        poll(true);  // a colleague took it meanwhile: the list shows whose it is and moves on
      });
    });
  }

  // The claim answers with the comment explained (the list carries only explanations made earlier): show
  // its highlights and the author fields that drove its spam score, keeping the focus where it was.
  function refresh(fresh) {
    var at = indexOf(fresh.id);
    if (at < 0) { return; }
    state.items[at] = fresh;
    var node = $("queue").children[at];
    var old = node ? node.querySelector(".details") : null;
    if (at !== state.selected || !old) { return; }
    var active = document.activeElement;
    var action = old.contains(active) && active.getAttribute ? active.getAttribute("data-action") : null;
    var details = renderDetails(fresh);
    node.replaceChild(details, old);
    if (old.contains(active)) {
      var again = action ? details.querySelector("button[data-action='" + action + "']") : null;
      (again || node).focus({ preventScroll: true });
    }
  }

  function releaseHeld() {
    if (!state.held || !token()) { return; }
    // keepalive lets the release finish while the tab closes; the lease would expire by itself anyway.
    window.fetch(itemPath(state.held, "release"), {
      method: "POST", keepalive: true, credentials: "omit", headers: { "Authorization": "Bearer " + token() }
    }).catch(function () {});
    state.held = null;
  }

  // Take decided (or lost) comments out of the list; the next one becomes current and gets the focus if
  // the focus was in the list.
  function removeItems(ids) {
    var focus = focusInQueue() || document.activeElement === document.body || !document.activeElement;
    var currentId = state.items[state.selected] ? state.items[state.selected].id : null;
    var removed = 0;
    ids.forEach(function (id) {
      var at = indexOf(id);
      if (at < 0) { return; }
      state.items.splice(at, 1);
      delete state.checked[id];
      if (state.held === id) { state.held = null; }
      if (at < state.selected || (at === state.selected && id !== currentId)) { state.selected -= 1; }
      removed += 1;
    });
    if (currentId !== null && indexOf(currentId) >= 0) { state.selected = indexOf(currentId); }
    state.selected = state.items.length ? selectable(state.selected, 1) : 0;
    $("queue-count").textContent = String(Math.max(0, Number($("queue-count").textContent) - removed));
    render();
    if (state.items.length) {
      var node = currentNode();
      if (focus && node) { node.focus({ preventScroll: true }); }
      if (node && node.scrollIntoView) { node.scrollIntoView({ block: "nearest" }); }
      hold();
    } else {
      load();
    }
  }

  // Polling ----------------------------------------------------------------------------------
  // The list follows the queue: new comments appear, decided ones go, claims show; the current comment stays
  // current and stays where it is on the screen (rows added above it scroll the page by their height).
  function startPolling() {
    if (state.pollTimer) { return; }
    state.pollTimer = window.setInterval(function () { poll(false); }, POLL_MS);
  }

  function stopPolling() {
    if (state.pollTimer) { window.clearInterval(state.pollTimer); state.pollTimer = null; }
  }

  function poll(force) {
    if (!token() || !state.me || state.polling || $("workspace").hidden) { return Promise.resolve(); }
    if (!force && (state.busy || state.picking)) { return Promise.resolve(); }
    state.polling = true;
    return api("GET", "/v1/review/items?" + query(), undefined, force ? null : state.etag).then(function (res) {
      if (res.status === 200) { state.etag = res.etag; merge(res.body.items || [], res.body.total); }
    }).catch(failed).then(function () { state.polling = false; });
  }

  function merge(fresh, total) {
    if (state.busy) { return; }  // a decision is landing: its own update comes first, the next poll follows
    var list = $("queue");
    var current = state.items[state.selected] || null;
    if (takenByOther(current)) { current = null; }
    var currentNodeBefore = current ? list.querySelector("li.item.current") : null;
    var top = currentNodeBefore ? currentNodeBefore.getBoundingClientRect().top : null;
    var known = {};
    Array.prototype.forEach.call(list.children, function (li) { known[li.getAttribute("data-id")] = li; });
    var currentGone = !!current;
    fresh = fresh.map(function (item) {
      if (current && item.id === current.id) {
        currentGone = false;
        current.claim = item.claim;  // keep the explained copy the claim gave; take the claim as it stands
        return current;
      }
      return item;
    });
    if (currentGone) { fresh.splice(Math.min(state.selected, fresh.length), 0, current); }  // keep it on screen
    state.items = fresh;
    state.selected = current ? indexOf(current.id) : 0;
    var cursor = list.firstChild;
    fresh.forEach(function (item, index) {
      var node = known[item.id];
      if (node) {
        delete known[item.id];
        node.classList.toggle("taken", takenByOther(item));
        var row = node.querySelector(".row");
        if (row && row.getAttribute("data-signature") !== rowSignature(item) && !row.contains(document.activeElement)) {
          node.replaceChild(renderRow(item), row);
        }
      } else {
        node = renderItem(item, index);
      }
      if (node === cursor) { cursor = cursor.nextSibling; } else { list.insertBefore(node, cursor); }
    });
    Object.keys(known).forEach(function (id) { list.removeChild(known[id]); });
    var present = {};
    fresh.forEach(function (item) { if (state.checked[item.id]) { present[item.id] = true; } });
    state.checked = present;
    $("queue-count").textContent = String(total);
    $("queue-empty").hidden = fresh.length > 0;
    renderBulk();
    var after = current ? list.querySelector("li.item.current") : null;
    if (after && top !== null) {
      var moved = after.getBoundingClientRect().top - top;
      if (moved) { window.scrollBy(0, moved); }
    }
    if (currentGone) {
      say(T.current_gone);
      removeItems([current.id]);
      $("queue-count").textContent = String(total);
      api("GET", "/v1/review/items/" + encodeURIComponent(current.id)).then(function (res) {
        var decision = res.status === 200 ? res.body.decision : null;
        if (decision) { say(format(T.decided_while_reading, { name: decision.moderator, status: label("status_", res.body.status) })); }
      }).catch(failed);
    } else if (!current && fresh.length) {
      select(0, false);
    }
  }

  // A decision refused with 409: say who decided or holds the comment, rather than losing it silently.
  function explainConflict(id) {
    return api("GET", "/v1/review/items/" + encodeURIComponent(id)).then(function (res) {
      var item = res.status === 200 ? res.body : null;
      if (item && item.decision && item.status !== "pending") {
        say(format(T.decided_by_colleague, { name: item.decision.moderator, status: label("status_", item.status) }));
        removeItems([id]);
      } else if (item && takenByOther(item)) {
        say(format(T.taken_by_colleague, { name: item.claim.moderator }));
        var at = indexOf(id);
        if (at >= 0) { state.items[at].claim = item.claim; }
        if (state.held === id) { state.held = null; }
        render();
        select(state.selected, true, 1);
      } else {
        say(T.conflict);
        removeItems([id]);
      }
    });
  }

  // Decisions --------------------------------------------------------------------------------
  function body(kind, reason) {
    if (kind === "approve") { return { decision: "approve" }; }
    return { decision: "reject", reason: kind === "spam" ? "spam" : reason };
  }

  function decideOne(id, kind, reason) {
    var at = indexOf(id);
    if (at < 0 || state.busy) { return; }
    var item = state.items[at];
    state.busy = true;
    inTurn(function () { return api("POST", itemPath(id, "decision"), body(kind, reason)); }).then(function (res) {
      if (res.status === 200) {
        say("");  // the undo bar says what was decided
        remember(kind, reason, [{ item: item, index: at }]);
      } else if (res.status === 409) {
        return explainConflict(id);
      } else {
        say(T.error);
        return;
      }
      removeItems([id]);
    }).catch(failed).then(function () { state.busy = false; });
  }

  function decideMany(ids, kind, reason) {
    if (!ids.length || state.busy) { return; }
    var before = {};
    ids.forEach(function (id) { var at = indexOf(id); if (at >= 0) { before[id] = { item: state.items[at], index: at }; } });
    var decisions = ids.map(function (id) {
      var one = body(kind, reason);
      one.comment_id = id;
      return one;
    });
    state.busy = true;
    inTurn(function () { return api("POST", "/v1/review/decisions", { decisions: decisions }); }).then(function (res) {
      if (res.status !== 200) { say(T.error); return; }
      var done = [];
      var failedCount = 0;
      res.body.results.forEach(function (result) {
        if (result.status_code === 200 && before[result.comment_id]) { done.push(before[result.comment_id]); }
        else { failedCount += 1; }
      });
      say(failedCount ? failedCount + " " + T.not_decided_n : "");
      if (done.length) { remember(kind, reason, done); }
      removeItems(ids);
    }).catch(failed).then(function () { state.busy = false; });
  }

  function act(kind, ids) {
    if (kind === "reject") { openPicker(ids); return; }
    if (ids.length === 1 && ids[0] === currentId()) { decideOne(ids[0], kind); } else { decideMany(ids, kind); }
  }

  function currentId() {
    var item = state.items[state.selected];
    return item && !takenByOther(item) ? item.id : null;
  }
  function checkedIds() { return state.items.filter(function (i) { return state.checked[i.id]; }).map(function (i) { return i.id; }); }

  // The reason picker: a reject always names its reason; digits 1-6 or a click choose, Esc cancels.
  function openPicker(ids) {
    if (!ids.length) { return; }
    state.picking = ids;
    var what = ids.length === 1 ? (state.items[indexOf(ids[0])] || {}).comment || "" : ids.length + " " + T.selected_count;
    $("picker-what").textContent = what.length > 120 ? what.slice(0, 119) + "…" : what;
    $("picker").hidden = false;
    $("picker").querySelector("button[data-reason]").focus();
  }

  function closePicker(chosen) {
    var ids = state.picking;
    state.picking = null;
    $("picker").hidden = true;
    var node = currentNode();
    if (node) { node.focus({ preventScroll: true }); }
    if (!chosen || !ids) { return; }
    if (ids.length === 1 && ids[0] === currentId()) { decideOne(ids[0], "reject", chosen); }
    else { decideMany(ids, "reject", chosen); }
  }

  // Undo -------------------------------------------------------------------------------------
  function remember(kind, reason, entries) {
    state.undo.push({ kind: kind, reason: reason, entries: entries });
    if (state.undo.length > UNDO_DEPTH) { state.undo.shift(); }
    renderUndo();
  }

  function renderUndo() {
    var last = state.undo[state.undo.length - 1];
    $("undo").hidden = !last;
    if (!last) { return; }
    var first = last.entries[0].item;
    var what = last.entries.length === 1 ? "« " + first.comment.slice(0, 60) + (first.comment.length > 60 ? "…" : "") + " »"
      : last.entries.length + " " + T.decided_n;
    var why = last.kind === "reject" ? " (" + label("reason_", last.reason) + ")" : "";
    $("undo-text").textContent = label("decided_", last.kind) + why + " : " + what;
  }

  // Revert the last group: each comment comes back to the queue, claimed by this moderator, and the first
  // one becomes current.
  function undo() {
    var group = state.undo.pop();
    renderUndo();
    if (!group || state.busy) { if (group) { state.undo.push(group); renderUndo(); } return; }
    state.busy = true;
    var restored = [];
    var calls = group.entries.map(function (entry) {
      return inTurn(function () { return api("POST", itemPath(entry.item.id, "revert"), {}); }).then(function (res) {
        if (res.status === 200) { restored.push(entry); }
      });
    });
    Promise.all(calls).then(function () {
      restored.sort(function (a, b) { return a.index - b.index; });
      restored.forEach(function (entry) {
        var at = Math.min(entry.index, state.items.length);
        entry.item.claim = null;
        state.items.splice(at, 0, entry.item);
      });
      $("queue-count").textContent = String(Number($("queue-count").textContent) + restored.length);
      say(restored.length === group.entries.length ? T.undone : T.undo_failed);
      if (restored.length) {
        state.selected = indexOf(restored[0].item.id);
        render();
        // The revert leased each comment to us; keep the current one, give the others back.
        restored.slice(1).forEach(function (entry) {
          inTurn(function () { return api("POST", itemPath(entry.item.id, "release")); });
        });
        var node = currentNode();
        if (node) { node.focus({ preventScroll: true }); node.scrollIntoView({ block: "nearest" }); }
        hold();
      }
    }).catch(failed).then(function () { state.busy = false; });
  }

  // Bulk selection ---------------------------------------------------------------------------
  function renderBulk() {
    var ids = checkedIds();
    $("bulk").hidden = ids.length === 0;
    $("bulk-count").textContent = String(ids.length);
    $("select-all").checked = ids.length > 0 && ids.length === state.items.length;
  }

  function toggleChecked(id, value) {
    if (value) { state.checked[id] = true; } else { delete state.checked[id]; }
    var node = $("queue").children[indexOf(id)];
    if (node) { node.querySelector(".pick").checked = !!value; }
    renderBulk();
  }

  function toggleHelp(show) {
    var help = $("help");
    help.hidden = show === undefined ? !help.hidden : !show;
  }

  function isTyping(target) {
    if (!target) { return false; }
    if (target.tagName === "SELECT" || target.tagName === "TEXTAREA") { return true; }
    return target.tagName === "INPUT" && target.type !== "checkbox";
  }

  function onKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var target = event.target;
    if (!$("picker").hidden) {
      if (event.key === "Escape") { closePicker(null); event.preventDefault(); return; }
      var reasonButton = $("picker").querySelectorAll("button[data-reason]")[Number(event.key) - 1];
      if (/^[1-9]$/.test(event.key) && reasonButton) {
        closePicker(reasonButton.getAttribute("data-reason"));
        event.preventDefault();
      }
      return;
    }
    var typing = isTyping(target);
    if (event.key === "Escape") { toggleHelp(false); if (typing) { target.blur(); } return; }
    if (typing || $("workspace").hidden) { return; }
    var focused = target && target.closest ? target.closest("#queue li.item") : null;
    if (focused && focused.getAttribute("data-id") !== currentId()) {
      // The focus is on another comment than the current one (a press of the pointer that never clicked):
      // make that one current and act on nothing, rather than on a comment the moderator is not looking at.
      select(indexOf(focused.getAttribute("data-id")), false);
      event.preventDefault();
      return;
    }
    var id = currentId();
    switch (event.key) {
      case "j": select(state.selected + 1, true, 1); break;
      case "k": select(state.selected - 1, true, -1); break;
      case "a": if (id) { act("approve", [id]); } break;
      case "r": if (id) { act("reject", [id]); } break;
      case "s": if (id) { act("spam", [id]); } break;
      case "x": if (id) { toggleChecked(id, !state.checked[id]); } break;
      case "u": undo(); break;
      case "?": toggleHelp(); break;
      default: return;
    }
    event.preventDefault();
  }

  // Wiring -----------------------------------------------------------------------------------
  var queue = $("queue");
  // Focus follows the current comment, and the current comment follows the focus. A press of the pointer
  // focuses before it clicks: the click selects, so the comment does not unfold under the pointer mid-click.
  var pointerDown = false;
  queue.addEventListener("mousedown", function () { pointerDown = true; });
  document.addEventListener("mouseup", function () { window.setTimeout(function () { pointerDown = false; }, 0); });
  queue.addEventListener("focusin", function (event) {
    if (pointerDown) { return; }
    var li = event.target.closest("li.item");
    if (!li) { return; }
    var at = indexOf(li.getAttribute("data-id"));
    if (at >= 0 && at !== state.selected) { select(at, false); }
  });
  queue.addEventListener("click", function (event) {
    var li = event.target.closest("li.item");
    if (!li) { return; }
    var id = li.getAttribute("data-id");
    var at = indexOf(id);
    if (at < 0) { return; }
    var button = event.target.closest("button[data-action]");
    if (at !== state.selected) { select(at, !event.target.closest("a, button, input")); }
    if (button) { act(button.getAttribute("data-action"), [id]); return; }
    if (!event.target.closest("a, input") && document.activeElement !== li && !li.contains(document.activeElement)) {
      li.focus({ preventScroll: true });
    }
  });
  queue.addEventListener("change", function (event) {
    if (!event.target.classList.contains("pick")) { return; }
    var li = event.target.closest("li.item");
    toggleChecked(li.getAttribute("data-id"), event.target.checked);
  });
  $("select-all").addEventListener("change", function (event) {
    var value = event.target.checked;  // read once: each toggle re-renders the box from the selection
    state.items.forEach(function (item) { toggleChecked(item.id, value); });
  });
  $("bulk-approve").addEventListener("click", function () { act("approve", checkedIds()); });
  $("bulk-reject").addEventListener("click", function () { act("reject", checkedIds()); });
  $("bulk-spam").addEventListener("click", function () { act("spam", checkedIds()); });
  $("bulk-clear").addEventListener("click", function () {
    state.items.forEach(function (item) { toggleChecked(item.id, false); });
  });
  $("picker").addEventListener("click", function (event) {
    var button = event.target.closest("button[data-reason]");
    if (button) { closePicker(button.getAttribute("data-reason")); }
  });
  $("picker-cancel").addEventListener("click", function () { closePicker(null); });
  $("undo-button").addEventListener("click", undo);
  $("signin-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var value = $("token").value.trim();
    $("token").value = "";
    if (value) { signIn(value); }
  });
  $("filters").addEventListener("submit", function (event) { event.preventDefault(); state.selected = 0; load(); });
  $("sign-out").addEventListener("click", signOut);
  $("admin-button").addEventListener("click", function () {
    var showAdmin = $("admin").hidden;
    $("admin").hidden = !showAdmin;
    $("workspace").hidden = showAdmin;
    var button = $("admin-button");
    button.textContent = button.getAttribute(showAdmin ? "data-queue" : "data-admin");
    if (showAdmin) {
      stopPolling();
      window.ModerationAdmin.show({ api: api, T: T, LANG: LANG });
    } else {
      load();
      startPolling();
    }
  });
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
