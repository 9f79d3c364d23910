// eventwire live page: polls /live/feed and draws records, places, events, quotes and figures.
// Plain JavaScript and SVG; the world outline is Natural Earth 1:110m land (TopoJSON) shipped
// with the package, decoded here.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const KEEP = 200; // items kept in each list
let cursor = null;
const placed = new Map(); // place name -> SVG group

function project(lon, lat) {
  return [(lon + 180) * 2, (90 - lat) * 2];
}

function decodeArcs(topology) {
  const [sx, sy] = topology.transform ? topology.transform.scale : [1, 1];
  const [tx, ty] = topology.transform ? topology.transform.translate : [0, 0];
  return topology.arcs.map((arc) => {
    let x = 0;
    let y = 0;
    return arc.map(([dx, dy]) => {
      x += dx;
      y += dy;
      return [x * sx + tx, y * sy + ty];
    });
  });
}

function pathOf(points, shift) {
  return "M" + points.map(([lon, lat]) => project(lon + shift, lat).map((v) => v.toFixed(1)).join(",")).join("L") + "Z";
}

function ringPath(ring, arcs) {
  const points = [];
  for (const index of ring) {
    const arc = index < 0 ? arcs[~index].slice().reverse() : arcs[index];
    points.push(...(points.length ? arc.slice(1) : arc));
  }
  // A ring that crosses the antimeridian (Chukotka, Fiji) would be drawn as a band across the
  // whole map: unwrap its longitudes so it is continuous, and draw it again 360 degrees over so
  // that each half shows at its own edge of the map.
  let crosses = false;
  for (let i = 1; i < points.length; i++) {
    let [lon, lat] = points[i];
    const previous = points[i - 1][0];
    while (lon - previous > 180) lon -= 360;
    while (previous - lon > 180) lon += 360;
    if (lon !== points[i][0]) crosses = true;
    points[i] = [lon, lat];
  }
  if (!crosses) return pathOf(points, 0);
  const east = points.some(([lon]) => lon > 180);
  return pathOf(points, 0) + pathOf(points, east ? -360 : 360);
}

async function drawLand() {
  const topology = await (await fetch("/live/assets/land-110m.json")).json();
  const arcs = decodeArcs(topology);
  const land = document.getElementById("land");
  for (const geometry of topology.objects.land.geometries) {
    const polygons = geometry.type === "Polygon" ? [geometry.arcs] : geometry.arcs;
    for (const polygon of polygons) {
      const path = document.createElementNS(SVG, "path");
      path.setAttribute("d", polygon.map((ring) => ringPath(ring, arcs)).join(""));
      land.appendChild(path);
    }
  }
}

function item(listId, text, meta) {
  const list = document.getElementById(listId);
  const li = document.createElement("li");
  li.textContent = text;
  if (meta) {
    const span = document.createElement("div");
    span.className = "meta";
    span.textContent = meta;
    li.appendChild(span);
  }
  list.insertBefore(li, list.firstChild);
  while (list.children.length > KEEP) list.removeChild(list.lastChild);
  return li;
}

function placeOnMap(place) {
  if (placed.has(place.name)) return;
  const [x, y] = project(place.lon, place.lat);
  const group = document.createElementNS(SVG, "g");
  group.setAttribute("class", "place");
  group.setAttribute("data-name", place.name);
  const dot = document.createElementNS(SVG, "circle");
  dot.setAttribute("cx", x.toFixed(1));
  dot.setAttribute("cy", y.toFixed(1));
  dot.setAttribute("r", "3");
  const label = document.createElementNS(SVG, "text");
  label.setAttribute("x", (x + 4).toFixed(1));
  label.setAttribute("y", (y - 3).toFixed(1));
  label.textContent = place.name;
  const title = document.createElementNS(SVG, "title");
  title.textContent = `${place.name} (${place.lat.toFixed(2)}, ${place.lon.toFixed(2)})`;
  group.append(dot, label, title);
  document.getElementById("places").appendChild(group);
  placed.set(place.name, group);
}

function timelineEntry(event, record) {
  const who = [event.source, event.target].filter(Boolean).join(" → ");
  const when = event.date || (record.published_at || "").slice(0, 10);
  const li = item("timeline", `${when} ${event.plover} (${event.code}) ${who}`, record.title || record.record_id);
  li.dataset.date = when;
  // Keep the timeline in date order, newest first.
  const list = document.getElementById("timeline");
  const sorted = Array.from(list.children).sort((a, b) => (b.dataset.date || "").localeCompare(a.dataset.date || ""));
  for (const child of sorted) list.appendChild(child);
}

function show(record) {
  item("records", record.title || record.record_id, `${record.source} · ${record.published_at || ""} · ${record.record_id}`);
  for (const place of record.places) placeOnMap(place);
  for (const event of record.events) timelineEntry(event, record);
  for (const quote of record.quotes) item("quotes", `“${quote.text}”`, quote.speaker ? `— ${quote.speaker}` : "");
  for (const figure of record.figures) item("figures", `${figure.qualifier === "exact" ? "" : figure.qualifier + " "}${figure.value} ${figure.kind}`, figure.text);
}

async function poll() {
  try {
    const url = cursor ? `/live/feed?after=${encodeURIComponent(cursor)}` : "/live/feed";
    const feed = await (await fetch(url)).json();
    for (const record of feed.records) show(record);
    cursor = feed.cursor || cursor;
    for (const name of ["records", "duplicates", "dead"]) {
      document.getElementById(`count-${name}`).textContent = feed.counts[name];
    }
    document.getElementById("dedup-rate").textContent = `${(feed.dedup_rate * 100).toFixed(1)}%`;
    document.getElementById("status").textContent = `updated ${new Date().toLocaleTimeString()}`;
  } catch (error) {
    document.getElementById("status").textContent = `error: ${error}`;
  }
  setTimeout(poll, 1000);
}

drawLand().catch((error) => console.error(error));
poll();
