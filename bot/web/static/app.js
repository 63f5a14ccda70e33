// The Mini App: a runner's season and a coach's board, drawn from the signed API.
// Plain script, no build step. Days are the server's local dates ("2026-11-25"), never
// derived from the browser's clock in UTC. Fields named `line`, `message` or `*_line` are
// HTML the server rendered and escaped; everything else goes in as text.
"use strict";
(function () {
  const hash = new URLSearchParams(location.hash.slice(1));
  const main = document.getElementById("app");
  const sheet = document.getElementById("sheet");
  const state = { me: null, runner: null, season: null, view: "season", shown: 26, news: "" };
  const L = (key) => (state.me && state.me.labels[key]) || key;

  function webApp() {
    const w = window.Telegram && window.Telegram.WebApp;
    return w && w.initData ? w : null;
  }
  function initData() {
    const w = webApp();
    return (w && w.initData) || hash.get("tgWebAppData") || "";
  }

  // -- look: Telegram's theme colours, light or dark -----------------------------------------
  function theme() {
    const w = webApp();
    let params = (w && w.themeParams) || null;
    if (!params) {
      try { params = JSON.parse(hash.get("tgWebAppThemeParams") || "{}"); } catch (e) { params = {}; }
    }
    const root = document.documentElement;
    for (const [key, value] of Object.entries(params)) {
      if (/^#[0-9a-f]{3,8}$/i.test(String(value))) {
        root.style.setProperty("--tg-" + key.replace(/_/g, "-"), value);
      }
    }
    const scheme = (w && w.colorScheme) || (params.bg_color ? (dark(params.bg_color) ? "dark" : "light") : "");
    if (scheme) root.dataset.scheme = scheme;
  }
  function dark(hex) {
    const v = hex.replace("#", "");
    const full = v.length === 3 ? v.split("").map((c) => c + c).join("") : v.slice(0, 6);
    const n = parseInt(full, 16);
    return ((n >> 16) * 299 + ((n >> 8) & 255) * 587 + (n & 255) * 114) / 1000 < 128;
  }

  // -- talking to the server ------------------------------------------------------------------
  async function api(path, body) {
    const options = { headers: { Authorization: "tma " + initData() }, cache: "no-store" };
    if (body) {
      options.method = "POST";
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    const answer = await fetch(path, options);
    let data = {};
    try { data = await answer.json(); } catch (e) { data = {}; }
    if (!answer.ok) {
      const error = new Error(data.message || L("failed"));
      error.status = answer.status;
      error.html = data.message || "";
      throw error;
    }
    return data;
  }
  function key() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return String(Date.now()) + Math.random().toString(16).slice(2);
  }
  function haptic(kind) {
    const w = webApp();
    if (w && w.HapticFeedback) w.HapticFeedback.notificationOccurred(kind);
  }

  // -- building the page ----------------------------------------------------------------------
  function h(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "html") node.innerHTML = value;
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : value);
    }
    for (const child of children.flat()) {
      if (child !== null && child !== undefined && child !== false) {
        node.append(child instanceof Node ? child : document.createTextNode(String(child)));
      }
    }
    return node;
  }
  function fail(message) {
    main.replaceChildren(h("div", { class: "error", role: "alert", html: message }));
    document.body.dataset.ready = "error";
  }

  function render() {
    const parts = [];
    const coach = state.me.athletes.length > 0;
    if (coach) {
      parts.push(h("div", { class: "tabs" },
        h("button", { "aria-pressed": String(state.view === "season"), onclick: () => openSeason(state.me.user_id) }, L("mine")),
        h("button", { "aria-pressed": String(state.view !== "season"), onclick: openBoard }, L("board"))));
    }
    if (state.news) parts.push(h("div", { class: "card news", role: "status", html: state.news }));
    if (state.view === "board") parts.push(...board());
    else if (state.season) parts.push(...season(state.season));
    main.replaceChildren(...parts);
    backButton(state.view === "athlete" || sheet.open);
    document.body.dataset.ready = state.view;
  }

  function board() {
    const items = state.me.athletes.map((a) => h("li", { onclick: () => openSeason(a.id), "data-athlete": a.id },
      h("div", { html: a.line }), a.at_risk ? h("span", { class: "risk" }, L("at_risk")) : null));
    return [h("h1", {}, L("board")),
      items.length ? h("ul", { class: "athletes card" }, items) : h("p", { class: "hint" }, L("no_athletes"))];
  }

  function season(s) {
    const runner = s.runner;
    const parts = [h("h1", {}, runner.own ? L("title") : runner.name)];
    parts.push(h("div", { class: "card top" },
      h("div", {}, h("span", { class: "big" }, s.done + "/" + s.target), " ", h("span", { html: s.week_line })),
      s.streak_line ? h("div", { html: s.streak_line }) : null));
    if (!runner.own && runner.sees === "week") parts.push(h("p", { class: "hint" }, L("week_only")));
    if (s.strength_svg) parts.push(h("h2", {}, L("strength") + " · " + s.strength), h("div", { class: "card", html: s.strength_svg }));
    if (s.rewards.length) {
      parts.push(h("h2", {}, L("rewards")), h("ul", { class: "card plans" }, s.rewards.map((r) => h("li", {},
        h("div", {}, h("b", {}, r.name), " · ", r.words, r.times ? " ✓" : ""),
        h("progress", { value: Math.min(r.value, r.target), max: r.target })))));
    }
    if (runner.sees !== "week") parts.push(...coming(s));
    parts.push(h("h2", {}, L("title")), calendar(s));
    return parts;
  }

  function coming(s) {
    const items = [];
    const rows = s.plans.map((p) => h("li", { onclick: () => openDay(p.day), "data-plan": p.day },
      h("b", {}, p.label), " · ", h("span", { html: p.line }), p.coach ? h("span", { class: "hint" }, " · " + p.coach) : null));
    items.push(h("h2", {}, L("coming")));
    items.push(rows.length ? h("ul", { class: "card plans" }, rows) : h("p", { class: "hint card" }, L("nothing_planned")));
    items.push(h("div", { class: "actions" }, h("button", { class: "plain", onclick: () => openDay(s.today) }, L("plan"))));
    return items;
  }

  function level(minutes) {
    if (!minutes) return "";
    if (minutes < 20) return " l1";
    if (minutes < 40) return " l2";
    if (minutes < 60) return " l3";
    return " l4";
  }

  // Days are calendar dates: computed in UTC from the server's "YYYY-MM-DD", so no time zone
  // can move them, and written in the runner's language by the browser itself.
  function addDays(iso, n) {
    const d = new Date(iso + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + n);
    return d.toISOString().slice(0, 10);
  }
  let dayMonth = null;
  function short(iso) {
    if (!dayMonth) {
      try {
        dayMonth = new Intl.DateTimeFormat(state.me.language, { day: "numeric", month: "short", timeZone: "UTC" });
      } catch (e) {
        dayMonth = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
      }
    }
    return dayMonth.format(new Date(iso + "T00:00:00Z"));
  }

  function calendar(s) {
    const rows = [h("div", { class: "week head" }, h("span"), s.weekdays.map((w) => h("span", {}, w)), h("span"))];
    const tappable = s.runner.sees !== "week";
    for (const week of s.weeks.slice(0, state.shown)) {
      const paused = new Set(week.paused);
      const planned = new Set(week.planned);
      const cells = week.minutes.map((minutes, i) => {
        const day = addDays(week.start, i);
        return h("button", {
          class: "cell" + level(minutes) + (minutes === 0 ? " l2" : "") + (paused.has(i) ? " paused" : "") +
            (day > s.today ? " future" : "") + (day === s.today ? " today" : "") + (planned.has(i) ? " planned" : ""),
          "data-day": day, "aria-label": day + (minutes ? " " + minutes + " min" : ""),
          onclick: tappable ? () => openDay(day) : null,
        }, String(Number(day.slice(8, 10))));
      });
      while (cells.length < 7) cells.push(h("span", { class: "cell empty" }));
      const met = week.status === "met";
      const label = short(week.start);
      rows.push(h("div", { class: "week" + (met ? " met" : "") + " " + week.status, "data-week": week.start },
        h("span", { class: "label", title: L("week_of").replace("{day}", label) }, label),
        cells,
        h("span", { class: "count", title: L(week.status) }, (met ? "✓ " : "") + week.done + "/" + week.target)));
    }
    const box = h("div", { class: "card weeks" }, rows);
    if (s.weeks.length > state.shown) {
      box.append(h("button", { class: "plain", onclick: () => { state.shown += 52; render(); } }, L("show_earlier")));
    }
    return box;
  }

  // -- a day: its sessions and its plan -------------------------------------------------------
  async function openDay(day) {
    const runner = state.season.runner;
    let data;
    try {
      data = await api("api/day/" + runner.id + "/" + day);
    } catch (error) {
      state.news = error.html || L("failed");
      render();
      return;
    }
    drawDay(data);
    if (!sheet.open) sheet.showModal();
    backButton(true);
    document.body.dataset.ready = "day";
  }

  function field(name, label, value, type, extra) {
    return h("label", {}, label, h("input", Object.assign({ name: name, value: value === null || value === undefined ? "" : value, type: type || "text" }, extra || {})));
  }

  function drawDay(data) {
    const s = state.season;
    const own = s.runner.own;
    const past = data.day <= s.today;
    const parts = [h("h2", {}, data.label)];
    if (past) {
      if (data.sessions.length === 0) parts.push(h("p", { class: "hint" }, L("no_sessions")));
      const list = data.sessions.map((session) => {
        const item = h("li", { "data-session": session.id }, h("div", { html: session.line }));
        if (own) item.append(sessionForm(session, s.today));
        return item;
      });
      if (list.length) parts.push(h("ul", { class: "sessions" }, list));
      if (own) parts.push(h("h2", {}, L("add")), addForm(data.day, s.today));
    }
    if (data.day >= s.today) {
      if (data.plan) parts.push(h("p", {}, h("b", {}, L("planned")), ": ", h("span", { html: data.plan.line })));
      parts.push(planForm(data, s.today));
    }
    parts.push(h("div", { class: "actions" }, h("button", { class: "plain", onclick: closeDay }, L("close"))));
    sheet.replaceChildren(...parts);
  }

  function submitter(form, build) {
    const requestKey = key(); // one key per form shown: a second tap repeats, never doubles
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const action = event.submitter ? event.submitter.value : "save";
      const values = Object.fromEntries(new FormData(form).entries());
      const [path, body] = build(action, values);
      body.key = requestKey + ":" + action;
      try {
        const answer = await api(path, body);
        state.news = answer.message || "";
        haptic("success");
      } catch (error) {
        // The sheet stays open with its key: trying again can never make the change twice.
        haptic("error");
        const alert = h("div", { class: "card news", role: "alert", html: error.html || L("failed") });
        const old = sheet.querySelector("[role=alert]");
        if (old) old.replaceWith(alert); else sheet.prepend(alert);
        document.body.dataset.ready = "day-error";
        return;
      }
      closeDay();
      await refresh();
    });
    return form;
  }

  function sessionForm(session, today) {
    const form = h("form", { class: "edit", novalidate: true },
      h("div", { class: "row" }, field("minutes", L("minutes"), session.minutes, "number", { min: 1, max: 600 }),
        field("day", L("day"), session.day, "date", { max: today })),
      field("activity", L("activity"), session.activity),
      h("div", { class: "actions" }, h("button", { type: "submit", value: "save" }, L("save")),
        h("button", { type: "submit", value: "delete", class: "danger" }, L("delete"))));
    return submitter(form, (action, v) => {
      const path = "api/sessions/" + state.season.runner.id + "/" + session.id;
      if (action === "delete") return [path, { delete: true }];
      return [path, { minutes: Number(v.minutes), day: v.day, activity: v.activity }];
    });
  }

  function addForm(day, today) {
    const form = h("form", { class: "add", novalidate: true },
      h("div", { class: "row" }, field("activity", L("activity"), ""), field("minutes", L("minutes"), "", "number", { min: 1, max: 600 })),
      h("div", { class: "actions" }, h("button", { type: "submit", value: "add" }, L("add"))));
    return submitter(form, (action, v) => ["api/sessions/" + state.season.runner.id,
      { activity: v.activity, minutes: Number(v.minutes), day: day }]);
  }

  function planForm(data, today) {
    const plan = data.plan || {};
    const form = h("form", { class: "plan", novalidate: true },
      h("div", { class: "row" }, field("activity", L("activity"), plan.activity), field("minutes", L("minutes"), plan.minutes, "number", { min: 1, max: 600 })),
      field("details", L("details"), plan.details),
      data.plan ? field("to", L("move_to"), "", "date", { min: today }) : null,
      h("div", { class: "actions" }, h("button", { type: "submit", value: "plan" }, L("plan")),
        data.plan ? h("button", { type: "submit", value: "clear", class: "danger" }, L("clear_plan")) : null));
    return submitter(form, (action, v) => {
      const path = "api/plans/" + state.season.runner.id;
      if (action === "clear") return [path + "/clear", { day: data.day }];
      const target = v.to || data.day;
      return [path, { day: target, activity: v.activity, minutes: Number(v.minutes), details: v.details || null,
        from: target !== data.day && data.plan ? data.day : null }];
    });
  }

  function closeDay() {
    if (sheet.open) sheet.close();
    backButton(state.view === "athlete");
  }

  // -- Telegram's back button -----------------------------------------------------------------
  function back() {
    if (sheet.open) { closeDay(); document.body.dataset.ready = state.view; return; }
    if (state.view === "athlete") openBoard();
  }
  function backButton(show) {
    const w = webApp();
    if (!w || !w.BackButton) return;
    if (show) w.BackButton.show(); else w.BackButton.hide();
  }

  // -- views ----------------------------------------------------------------------------------
  async function openSeason(runnerId) {
    state.runner = runnerId;
    state.view = runnerId === state.me.user_id ? "season" : "athlete";
    state.shown = 26;
    state.news = "";
    await refresh();
  }
  async function openBoard() {
    state.view = "board";
    state.news = "";
    state.me = await api("api/me");
    render();
  }
  async function refresh() {
    try {
      state.season = await api("api/season/" + state.runner);
      render();
    } catch (error) {
      fail(error.html || L("failed"));
    }
  }

  async function start() {
    theme();
    const w = webApp();
    if (w) {
      w.ready();
      w.expand();
      if (w.BackButton) w.BackButton.onClick(back);
    }
    sheet.addEventListener("close", () => backButton(state.view === "athlete"));
    try {
      state.me = await api("api/me");
    } catch (error) {
      fail(error.html || "This page opens from the bot in Telegram.");
      return;
    }
    document.documentElement.lang = state.me.language;
    document.title = L("title");
    const board = new URLSearchParams(location.search).get("view") === "board";
    if (board && state.me.athletes.length) await openBoard();
    else await openSeason(state.me.user_id);
  }

  window.addEventListener("load", theme);
  start();
})();
