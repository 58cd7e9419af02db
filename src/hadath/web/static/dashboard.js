// The events page: filters -> /api/events/geojson (map), /api/events/timeline, /api/events (table).
// Everything it loads comes from this server: the basemap is world-atlas's countries, no tiles.
(function () {
  "use strict";
  var FIELDS = ["type", "country", "actor", "place", "since", "until"];
  var PAGE = 50;
  var colorOf = window.hadathColors.colorOf;
  var form = document.getElementById("filters");
  var statusLine = document.getElementById("status");
  var state = { offset: 0, total: 0, loads: 0, seq: 0, tableSeq: 0 };

  var map = L.map("map", { worldCopyJump: true, minZoom: 2, maxZoom: 12, preferCanvas: false }).setView([30, 40], 4);
  map.attributionControl.addAttribution("Natural Earth via world-atlas");
  // a cluster is ringed in the colour of the type most of its events have
  var cluster = L.markerClusterGroup({ maxClusterRadius: 36, showCoverageOnHover: false, iconCreateFunction: function (group) {
    var counts = {}, top = null;
    group.getAllChildMarkers().forEach(function (m) {
      var t = m.options.eventType;
      counts[t] = (counts[t] || 0) + 1;
      if (top === null || counts[t] > counts[top]) top = t;
    });
    var n = group.getChildCount(), size = n < 10 ? 30 : n < 100 ? 36 : 44;
    // colorOf gives one of its own hex colours: safe to put in the markup
    return L.divIcon({ className: "event-cluster", iconSize: [size, size],
                       html: '<span style="--c:' + colorOf(top) + '">' + n + "</span>" });
  } });
  map.addLayer(cluster);
  var markers = [];
  // labels: the towns of the shown events and the larger cities (GeoNames, served by /api/map/cities),
  // each shown from the zoom its size earns, so the zoomed-in map is not a blank beige
  var labels = L.layerGroup().addTo(map), cityLabels = [], townLabels = [];
  window.hadath = { map: map, cluster: cluster, markers: markers, state: state, labels: labels };

  function labelZoom(population) { return population >= 3000000 ? 4 : population >= 1000000 ? 5 : population >= 300000 ? 6 : 7; }
  function makeLabel(lat, lon, name, minZoom, kind) {
    var m = L.circleMarker([lat, lon], { radius: kind === "town" ? 2.5 : 2, weight: 1, color: "#555", fillColor: "#fff",
                                         fillOpacity: 1, interactive: false, pane: "overlayPane" });
    m.bindTooltip(name, { permanent: true, direction: "right", offset: [4, 0], className: "map-label map-label-" + kind });
    m.options.labelName = name; m.options.minZoom = minZoom; m.options.kind = kind;
    return m;
  }
  function showLabels() {
    var z = map.getZoom(), view = map.getBounds().pad(0.3);
    labels.clearLayers();
    var shown = {};
    townLabels.concat(cityLabels).forEach(function (m) {
      var key = m.options.labelName;
      if (z >= m.options.minZoom && !shown[key] && view.contains(m.getLatLng())) { shown[key] = true; labels.addLayer(m); }
    });
    state.labelsShown = labels.getLayers().length;
  }
  map.on("moveend", showLabels);
  fetch("/api/map/cities").then(function (r) { return r.json(); }).then(function (data) {
    cityLabels = data.features.map(function (f) {
      var c = f.geometry.coordinates;
      return makeLabel(c[1], c[0], f.properties.name_en, labelZoom(f.properties.population), "city");
    });
    showLabels();
  }).catch(function () {});

  fetch("/static/vendor/world-atlas/countries-50m.json").then(function (r) { return r.json(); }).then(function (topo) {
    var land = topojson.feature(topo, topo.objects.countries);
    land.features = land.features.filter(function (f) { return f.id !== "010"; });  // Antarctica: no events, all distortion
    land.features.forEach(function (f) { unwrapRings(f.geometry); });
    L.geoJSON(land, { interactive: false, style: { color: "#8a8f94", weight: 0.7, fillColor: "#f4f1ea", fillOpacity: 1 } })
      .addTo(map).bringToBack();
    state.basemap = true;
  });

  // Rings that cross the antimeridian (Russia, Fiji) jump 360 degrees; carry them on past 180 instead,
  // or Leaflet draws a band across the whole map.
  function unwrapRings(geometry) {
    if (!geometry) return;
    var polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
    polygons.forEach(function (polygon) {
      polygon.forEach(function (ring) {
        var shift = 0;
        for (var i = 1; i < ring.length; i++) {
          var step = ring[i][0] + shift - ring[i - 1][0];
          if (step > 180) shift -= 360; else if (step < -180) shift += 360;
          if (shift) ring[i] = [ring[i][0] + shift, ring[i][1]];
        }
      });
    });
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  // The confidence slider: 0 (its default) asks for no threshold, so the address stays short.
  var confidence = form.elements.min_confidence;
  var confidenceShown = document.getElementById("f-confidence-value");
  function showConfidence() { confidenceShown.textContent = Number(confidence.value).toFixed(2); }

  function filters() {
    var params = new URLSearchParams();
    FIELDS.forEach(function (name) {
      var value = form.elements[name].value.trim();
      if (value) params.set(name, value);
    });
    if (Number(confidence.value) > 0) params.set("min_confidence", confidence.value);
    return params;
  }

  function setFilters(params) {
    FIELDS.forEach(function (name) { form.elements[name].value = params.get(name) || ""; });
    var wanted = Number(params.get("min_confidence"));  // "" or junk: 0; a range input keeps within min..max
    confidence.value = isFinite(wanted) && wanted > 0 ? String(Math.min(wanted, 1)) : "0";
    showConfidence();
  }

  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) throw new Error(body && body.error ? body.error.message : r.statusText);
        return body;
      });
    });
  }

  function addOption(select, value, label) {
    if (!Array.from(select.options).some(function (o) { return o.value === value; })) select.appendChild(el("option", { value: value }, label));
  }

  function loadFacets() {
    return getJSON("/api/stats").then(function (stats) {
      Object.keys(stats.types).forEach(function (t) { addOption(form.elements.type, t, t + " (" + stats.types[t] + ")"); });
      Object.keys(stats.countries).forEach(function (c) { addOption(form.elements.country, c, c + " (" + stats.countries[c] + ")"); });
      var params = new URLSearchParams(location.search);  // keep a value from the address even when it has no events
      if (params.get("type")) addOption(form.elements.type, params.get("type"), params.get("type"));
      if (params.get("country")) addOption(form.elements.country, params.get("country"), params.get("country"));
    });
  }

  function loadActorNames() {
    getJSON("/api/actors?limit=500").then(function (page) {
      var list = document.getElementById("actor-names");
      page.items.forEach(function (a) {
        var name = a.name_en || a.name || a.kb_id;
        if (name) list.appendChild(el("option", { value: name }));
      });
    }).catch(function () { /* the names only help typing */ });
  }

  function drawMap(collection) {
    cluster.clearLayers();
    markers.length = 0;
    collection.features.forEach(function (f) {
      var p = f.properties, ll = [f.geometry.coordinates[1], f.geometry.coordinates[0]];
      var localId = p.event_uid.slice(p.event_uid.lastIndexOf("/") + 1);  // uid: ARTICLE/EVENT
      var icon = L.divIcon({ className: "event-marker", html: "<span></span>", iconSize: [18, 18], iconAnchor: [9, 9] });
      var marker = L.marker(ll, { icon: icon, title: p.type + " · " + (p.place_name_en || "") + " · " + (p.date_start || ""), eventUid: p.event_uid, eventType: p.type });
      marker.on("add", function () {
        var node = marker.getElement();
        if (node) {
          node.style.setProperty("--c", colorOf(p.type));
          node.dataset.eventUid = p.event_uid;
          node.dataset.type = p.type;
        }
      });
      var box = el("div", { "class": "popup" });
      box.appendChild(el("strong", {}, p.type + (p.mode ? " (" + p.mode + ")" : "")));
      box.appendChild(el("div", {}, (p.date_start || "") + " · " + (p.place_name_en || "") + (p.country ? ", " + p.country : "")));
      box.appendChild(el("div", {}, p.summary_en || ""));
      var link = el("a", { href: "/articles/" + encodeURIComponent(p.article_id) + "#event-" + encodeURIComponent(localId) }, "article " + p.article_id);
      box.appendChild(link);
      marker.bindPopup(box);
      markers.push(marker);
    });
    cluster.addLayers(markers);
    var towns = {};
    collection.features.forEach(function (f) {
      var p = f.properties, c = f.geometry.coordinates;
      // towns and points only: a governorate or a country is no place to pin a name on
      if (p.place_name_en && (p.geo_precision || 1) === 1 && !towns[p.place_name_en]) towns[p.place_name_en] = makeLabel(c[1], c[0], p.place_name_en, 7, "town");
    });
    townLabels = Object.keys(towns).map(function (k) { return towns[k]; });
    showLabels();
    if (markers.length) map.fitBounds(cluster.getBounds().pad(0.3), { maxZoom: 7, animate: false });
  }

  function drawTimeline(data) {
    var box = document.getElementById("timeline");
    box.textContent = "";
    var legend = document.getElementById("legend");
    legend.textContent = "";
    data.types.forEach(function (t) {
      var b = el("button", { type: "button", "data-type": t, title: "show only " + t });
      var sw = el("span", { "class": "swatch" });
      sw.style.setProperty("--c", colorOf(t));
      b.appendChild(sw);
      b.appendChild(document.createTextNode(t));
      b.addEventListener("click", function () { form.elements.type.value = t; apply(); });
      legend.appendChild(b);
    });
    // a proportional time axis: a bin's x is its distance in time from the first, so a gap of a year
    // looks like a year; more than 120 days from first to last: bins are months
    var days = data.days, outside = 0;
    // a few events dated decades away (a history recalled in an article) would squeeze the rest into a
    // sliver: the axis leaves out the first and last 1% of the events when that shortens it by half
    var total = 0;
    days.forEach(function (d) { Object.keys(d.counts).forEach(function (t) { total += d.counts[t]; }); });
    if (days.length > 2) {
      var seen = 0, lo = -1, hi = days.length - 1;
      for (var i = 0; i < days.length; i++) {
        var n = 0; Object.keys(days[i].counts).forEach(function (t) { n += days[i].counts[t]; });
        if (lo < 0 && seen + n > total * 0.01) lo = i;
        seen += n;
        if (seen >= total * 0.99) { hi = i; break; }
      }
      lo = Math.max(lo, 0);
      var full = dayNumber(days[days.length - 1].date) - dayNumber(days[0].date);
      var kept = dayNumber(days[hi].date) - dayNumber(days[lo].date);
      if ((lo > 0 || hi < days.length - 1) && kept * 2 < full) {
        days.slice(0, lo).concat(days.slice(hi + 1)).forEach(function (d) {
          Object.keys(d.counts).forEach(function (t) { outside += d.counts[t]; });
        });
        days = days.slice(lo, hi + 1);
      }
    }
    function dayNumber(iso) { return Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +(iso.slice(8, 10) || 1)) / 86400000; }
    function monthNumber(iso) { return +iso.slice(0, 4) * 12 + (+iso.slice(5, 7) - 1); }
    var span = days.length ? dayNumber(days[days.length - 1].date) - dayNumber(days[0].date) : 0;
    var byMonth = span > 120;
    if (byMonth) {
      var months = {};
      days.forEach(function (d) {
        var m = d.date.slice(0, 7);
        months[m] = months[m] || {};
        Object.keys(d.counts).forEach(function (t) { months[m][t] = (months[m][t] || 0) + d.counts[t]; });
      });
      days = Object.keys(months).sort().map(function (m) { return { date: m, counts: months[m] }; });
    }
    var unitOf = byMonth ? monthNumber : dayNumber;
    var first = days.length ? unitOf(days[0].date) : 0, units = days.length ? unitOf(days[days.length - 1].date) - first + 1 : 1;
    var NS = "http://www.w3.org/2000/svg", W = 600, H = 260, left = 28, bottom = 62, top = 10;
    var svg = document.createElementNS(NS, "svg");
    svg.setAttribute("viewBox", "0 0 " + W + " " + H);
    svg.setAttribute("data-bins", byMonth ? "month" : "day");
    svg.setAttribute("data-axis", "time");
    var maxTotal = 1;
    days.forEach(function (d) { var s = 0; Object.keys(d.counts).forEach(function (t) { s += d.counts[t]; }); maxTotal = Math.max(maxTotal, s); });
    var step = (W - left - 6) / units, barW = Math.max(1.5, Math.min(40, step * 0.8));
    function xOf(date) { return left + (unitOf(date) - first) * step + (step - barW) / 2; }
    function sv(tag, attrs, text) {
      var node = document.createElementNS(NS, tag);
      Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
      if (text !== undefined) node.textContent = text;
      svg.appendChild(node);
      return node;
    }
    sv("text", { x: 2, y: top + 8 }, String(maxTotal));
    sv("line", { x1: left, x2: W, y1: H - bottom, y2: H - bottom, stroke: "#999" });
    days.forEach(function (d) {
      var x = xOf(d.date), y = H - bottom;
      Object.keys(d.counts).sort().forEach(function (t) {
        var h = (H - bottom - top) * d.counts[t] / maxTotal;
        y -= h;
        var r = sv("rect", { "class": "bar", x: x, y: y, width: barW, height: Math.max(h, 0.5), fill: colorOf(t), "data-date": d.date, "data-type": t, "data-count": d.counts[t] });
        var tip = document.createElementNS(NS, "title");
        tip.textContent = d.date + " · " + t + ": " + d.counts[t];
        r.appendChild(tip);
        r.addEventListener("click", function () {
          var since = d.date.length === 7 ? d.date + "-01" : d.date;
          var until = d.date;
          if (d.date.length === 7) { var end = new Date(Date.UTC(+d.date.slice(0, 4), +d.date.slice(5, 7), 0)); until = end.toISOString().slice(0, 10); }
          form.elements.since.value = since; form.elements.until.value = until; apply();
        });
      });
    });
    // ticks at even steps of time, whatever the dates that have events
    if (days.length) {
      var ticks = Math.min(units, 10), every = Math.max(1, Math.ceil(units / ticks));
      for (var u = 0; u < units; u += every) {
        var label;
        if (byMonth) { var mn = first + u; label = Math.floor(mn / 12) + "-" + ("0" + (mn % 12 + 1)).slice(-2); }
        else { label = new Date((first + u) * 86400000).toISOString().slice(0, 10); }
        var lx = left + u * step + step / 2, ly = H - bottom + 8;
        sv("line", { "class": "tick", x1: lx, x2: lx, y1: H - bottom, y2: H - bottom + 4, stroke: "#999" });
        sv("text", { "class": "tick-label", x: lx, y: ly, transform: "rotate(60 " + lx + " " + ly + ")", "data-unit": u }, label);
      }
    }
    if (!days.length) sv("text", { x: W / 2 - 40, y: H / 2 }, "no dated events");
    box.appendChild(svg);
    if (outside) box.appendChild(el("p", { "class": "meta timeline-outside" }, outside + (outside === 1 ? " event" : " events") + " dated far before or after the rest left off the axis (" + days[0].date + " – " + days[days.length - 1].date + ")."));
    if (data.imprecise) box.appendChild(el("p", { "class": "meta" }, data.imprecise + (data.imprecise === 1 ? " event" : " events") + " dated only to the month or year (or not at all) left out."));
  }

  function drawTable(page) {
    var body = document.querySelector("#events tbody");
    body.textContent = "";
    page.items.forEach(function (ev) {
      var place = ev.place_detail || {};
      var tr = el("tr", { "data-event-uid": ev.event_uid, "data-type": ev.type });
      tr.appendChild(el("td", {}, ev.date ? ev.date.start + (ev.date.end && ev.date.end !== ev.date.start ? " – " + ev.date.end : "") : ""));
      var typeCell = el("td", {});
      var chip = el("span", { "class": "type-chip", "data-type": ev.type }, ev.type + (ev.mode ? " · " + ev.mode : ""));
      chip.style.setProperty("--c", colorOf(ev.type));
      typeCell.appendChild(chip);
      tr.appendChild(typeCell);
      tr.appendChild(el("td", { dir: "auto" }, (ev.source_actor || {}).name_en || ""));
      tr.appendChild(el("td", { dir: "auto" }, (ev.target_actor || {}).name_en || ""));
      tr.appendChild(el("td", { dir: "auto" }, place.name_en ? place.name_en + (place.country ? ", " + place.country : "") : ""));
      tr.appendChild(el("td", {}, ev.summary_en || ""));
      var cell = el("td", {});
      cell.appendChild(el("a", { href: "/articles/" + encodeURIComponent(ev.article_id) + "#event-" + encodeURIComponent(ev.id) }, ev.article_id));
      tr.appendChild(cell);
      body.appendChild(tr);
    });
    state.total = page.total;
    document.getElementById("page-info").textContent = page.total ? (page.offset + 1) + "–" + (page.offset + page.items.length) + " of " + page.total : "";
    document.getElementById("prev").disabled = page.offset === 0;
    document.getElementById("next").disabled = page.next_offset === null;
  }

  // Answers can arrive out of order when filters change quickly: only the latest request is drawn.
  function loadTable(seq) {
    var params = filters();
    params.set("limit", PAGE);
    params.set("offset", state.offset);
    var tableSeq = ++state.tableSeq;
    return getJSON("/api/events?" + params).then(function (page) {
      if (tableSeq === state.tableSeq && (seq === undefined || seq === state.seq)) drawTable(page);
    });
  }

  function load() {
    var q = filters().toString(), seq = ++state.seq;
    statusLine.textContent = "Loading…";
    document.body.dataset.loading = "1";
    return Promise.all([getJSON("/api/events/geojson?" + q), getJSON("/api/events/timeline?" + q), loadTable(seq)])
      .then(function (results) {
        if (seq !== state.seq) return;
        drawMap(results[0]);
        drawTimeline(results[1]);
        statusLine.textContent = state.total + " events match; " + results[0].features.length + " on the map" +
          (results[0].truncated ? " (the first " + results[0].features.length + ")" : "") + ".";
      })
      .catch(function (err) { if (seq === state.seq) statusLine.textContent = "Error: " + err.message; })
      .then(function () {
        if (seq !== state.seq) return;
        state.loads += 1;
        delete document.body.dataset.loading;
        document.body.dataset.loads = state.loads;
        document.body.dataset.shown = q;  // what the map, timeline and table now show (tests wait on it)
      });
  }

  function apply() {
    state.offset = 0;
    var q = filters().toString();
    history.replaceState(null, "", q ? "?" + q : location.pathname);
    return load();
  }

  form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
  form.querySelectorAll("select, input[type=date], input[type=range]").forEach(function (input) { input.addEventListener("change", apply); });
  confidence.addEventListener("input", showConfidence);  // the number follows the thumb; the data follow on release
  document.getElementById("f-reset").addEventListener("click", function () { form.reset(); showConfidence(); apply(); });
  document.getElementById("prev").addEventListener("click", function () { state.offset = Math.max(0, state.offset - PAGE); loadTable(); });
  document.getElementById("next").addEventListener("click", function () { state.offset += PAGE; loadTable(); });

  loadFacets().catch(function () {}).then(function () {
    setFilters(new URLSearchParams(location.search));
    load();
  });
  loadActorNames();
})();
