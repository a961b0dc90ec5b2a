/*
 * opsbook: who is on call right now, by the reader's clock.
 *
 * The page carries the effective schedule around its build as JSON
 * (<script type="application/json" class="opsbook-oncall-data">). This script picks the
 * holders at the browser's current time on load and every minute, and writes them into
 * the page as text: no server, no request, works from file://. Past the embedded window
 * it says the site must be rebuilt. Without it, the page keeps the build-time answer.
 */
(function () {
  "use strict";

  var SAFE_URL = /^(tel:|mailto:|https?:\/\/)/i;
  var MINUTE = 60 * 1000;

  function readData() {
    var merged = { built: null, rotations: {}, people: {} };
    var nodes = document.querySelectorAll("script.opsbook-oncall-data");
    for (var i = 0; i < nodes.length; i++) {
      var data;
      try {
        data = JSON.parse(nodes[i].textContent);
      } catch (e) {
        continue;
      }
      merged.built = data.built;
      Object.keys(data.rotations).forEach(function (k) { merged.rotations[k] = data.rotations[k]; });
      Object.keys(data.people).forEach(function (k) { merged.people[k] = data.people[k]; });
    }
    return merged;
  }

  function viewerZone() {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
    } catch (e) {
      return "UTC";
    }
  }

  // "2026-11-30 09:00" in `zone`, the same in every locale.
  function wallClock(date, zone) {
    var parts = {};
    new Intl.DateTimeFormat("en-GB", {
      timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23"
    }).formatToParts(date).forEach(function (p) { parts[p.type] = p.value; });
    return parts.year + "-" + parts.month + "-" + parts.day + " " + parts.hour + ":" + parts.minute;
  }

  function builtText(data) {
    return data.built ? wallClock(new Date(data.built), "UTC") + " UTC" : "an unknown time";
  }

  // Who holds each role of `rot` at `now`, and until when they keep holding it
  // (consecutive pieces of one member count as one stretch).
  function holders(rot, now) {
    var out = {};
    var t = now.getTime();
    rot.roles.forEach(function (role) {
      var pieces = rot.pieces.filter(function (p) { return p.role === role; });
      for (var i = 0; i < pieces.length; i++) {
        var p = pieces[i];
        if (Date.parse(p.start) <= t && t < Date.parse(p.end)) {
          var until = Date.parse(p.end);
          for (var j = i + 1; j < pieces.length; j++) {
            if (pieces[j].member !== p.member || Date.parse(pieces[j].start) !== until) break;
            until = Date.parse(pieces[j].end);
          }
          out[role] = { piece: p, until: new Date(until) };
          return;
        }
      }
    });
    return out;
  }

  function inWindow(rot, now) {
    var t = now.getTime();
    return Date.parse(rot.from) <= t && t < Date.parse(rot.until);
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function contactLinks(person) {
    var span = el("span", "opsbook-contact");
    (person && person.links || []).forEach(function (link, i) {
      if (i) span.appendChild(document.createTextNode(" · "));
      if (link.url && SAFE_URL.test(link.url)) {
        var a = el("a", "opsbook-contact-" + link.kind, link.text);
        a.setAttribute("href", link.url);
        span.appendChild(a);
      } else {
        span.appendChild(document.createTextNode(link.text));
      }
    });
    return span;
  }

  function rebuildNotice(data, rot) {
    return el(
      "p",
      "opsbook-rebuild",
      "This site was built on " + builtText(data) + "; its schedule of " + rot.title +
        " covers " + wallClock(new Date(rot.from), "UTC") + " to " +
        wallClock(new Date(rot.until), "UTC") + " UTC, so it cannot say who is on call now." +
        " Rebuild it (mkdocs build, or opsbook site build)."
    );
  }

  function untilText(until, person, name, rotZone, viewer) {
    var text = wallClock(until, viewer) + " your time (" + viewer + ")";
    var theirs = (person && person.zone) || rotZone;
    if (theirs && theirs !== viewer) {
      text += " · " + wallClock(until, theirs) + " " + name + "'s time (" + theirs + ")";
    }
    return text;
  }

  function renderBlock(block, data, now, viewer) {
    var rot = data.rotations[block.getAttribute("data-rotation")];
    if (!rot) return;
    var built = block.querySelector(".opsbook-built");
    var live = block.querySelector(".opsbook-live");
    if (!live) {
      live = el("div", "opsbook-live");
      block.insertBefore(live, block.firstChild);
    }
    while (live.firstChild) live.removeChild(live.firstChild);
    if (!inWindow(rot, now)) {
      live.appendChild(rebuildNotice(data, rot));
      if (built) built.style.display = "";
      block.setAttribute("data-state", "expired");
      return;
    }
    live.appendChild(el("p", "opsbook-asof",
      "On call now, " + wallClock(now, viewer) + " your time (" + viewer + "):"));
    // No class on the table: the theme styles only tables without one.
    var table = el("table");
    table.setAttribute("data-opsbook", "live");
    var head = el("tr");
    ["Role", "On call", "Reach", "Until"].forEach(function (h) { head.appendChild(el("th", null, h)); });
    var thead = el("thead");
    thead.appendChild(head);
    table.appendChild(thead);
    var body = el("tbody");
    var found = holders(rot, now);
    rot.roles.forEach(function (role) {
      var row = el("tr");
      row.setAttribute("data-role", role);
      row.appendChild(el("td", null, role));
      var held = found[role];
      if (!held || !held.piece.member) {
        row.appendChild(el("td", "opsbook-holder-name", "nobody (unfilled)"));
        row.appendChild(el("td"));
        row.appendChild(el("td", null, held ? untilText(held.until, null, "", rot.zone, viewer) : ""));
      } else {
        var person = data.people[held.piece.member];
        var name = person ? person.name : held.piece.member;
        var who = el("td");
        who.appendChild(el("strong", "opsbook-holder-name", name));
        if (held.piece.note) who.appendChild(el("span", "opsbook-note", " (" + held.piece.note + ")"));
        row.appendChild(who);
        var reach = el("td");
        reach.appendChild(contactLinks(person));
        row.appendChild(reach);
        row.appendChild(el("td", "opsbook-until", untilText(held.until, person, name, rot.zone, viewer)));
      }
      body.appendChild(row);
    });
    table.appendChild(body);
    live.appendChild(table);
    if (built) built.style.display = "none";
    block.setAttribute("data-state", "live");
  }

  // The mark after a holder's name saying it is the reader's "now", not the build's.
  function nowMark(span) {
    var next = span.nextElementSibling;
    return next && next.classList.contains("opsbook-holder-now") ? next : null;
  }

  // A holder named inside other content (a runbook's escalation table). The table around
  // it stays the build's answer (its instant, owners, people away, notes): only the
  // holder's name and reach follow the reader's clock, and say so.
  function renderHolder(span, data, now, viewer) {
    var rot = data.rotations[span.getAttribute("data-rotation")];
    if (!rot) return;
    var role = span.getAttribute("data-role");
    var cell = span.closest ? span.closest("tr") : null;
    var reach = cell ? cell.querySelector(".opsbook-reach[data-role='" + role + "']") : null;
    if (!span.hasAttribute("data-built")) span.setAttribute("data-built", span.textContent);
    var mark = nowMark(span);
    if (!inWindow(rot, now)) {
      span.textContent = span.getAttribute("data-built");
      if (mark) mark.parentNode.removeChild(mark);
      span.setAttribute("data-state", "expired");
      // The notice goes once above the table (or the theme's wrapper around it).
      var table = span.closest ? span.closest("table") : null;
      var anchor = table ? (table.closest(".md-typeset__scrollwrap") || table) : null;
      var before = anchor ? anchor.previousElementSibling : null;
      if (anchor && !(before && before.classList.contains("opsbook-rebuild"))) {
        anchor.parentNode.insertBefore(rebuildNotice(data, rot), anchor);
      }
      return;
    }
    var held = holders(rot, now)[role];
    var person = held && held.piece.member ? data.people[held.piece.member] : null;
    span.textContent = person ? person.name : (held && held.piece.member) || "nobody";
    span.setAttribute("data-state", "live");
    if (!mark) {
      mark = el("span", "opsbook-holder-now");
      span.parentNode.insertBefore(mark, span.nextSibling);
    }
    mark.textContent = " (on call now, " + wallClock(now, viewer) + " your time, " + viewer + ")";
    if (reach) {
      while (reach.firstChild) reach.removeChild(reach.firstChild);
      reach.appendChild(contactLinks(person));
    }
  }

  function render() {
    var data = readData();
    var now = new Date();
    var viewer = viewerZone();
    var blocks = document.querySelectorAll(".opsbook-oncall");
    for (var i = 0; i < blocks.length; i++) renderBlock(blocks[i], data, now, viewer);
    var spans = document.querySelectorAll(".opsbook-holder");
    for (var j = 0; j < spans.length; j++) renderHolder(spans[j], data, now, viewer);
  }

  var timer = null;
  function start() {
    render();
    if (timer === null) timer = setInterval(render, MINUTE);
  }

  // mkdocs-material's instant navigation swaps pages without a load event.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
