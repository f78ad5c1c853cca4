// Community asset maps (Leaflet), as progressive enhancement:
// - #asset-map: the public map; the list beside it has the same assets and
//   works without JavaScript. Markers are keyboard-focusable with labels.
// - #pick-map: residents choose a place by clicking; it fills the hidden
//   lat/lon fields (the postcode field works without JavaScript).
(function () {
  "use strict";
  if (!window.L) { return; }

  function baseMap(element) {
    var map = L.map(element, { zoomSnap: 0.25 });
    map.attributionControl.setPrefix("Leaflet");
    var tiles = element.getAttribute("data-tiles");
    if (tiles) { L.tileLayer(tiles, { maxZoom: 18 }).addTo(map); }
    var bounds = element.getAttribute("data-bounds");
    if (bounds) {
      var b = bounds.split(",").map(Number);
      map.fitBounds([[b[1], b[0]], [b[3], b[2]]]);
    } else {
      map.setView([53.65, -2.63], 12);
    }
    // Without map tiles, ward boundaries give the map its bearings.
    var outline = element.getAttribute("data-outline");
    if (outline) {
      fetch(outline).then(function (r) { return r.json(); }).then(function (data) {
        L.geoJSON(data, {
          interactive: false,
          style: { color: "#505a5f", weight: 1, fill: true, fillColor: "#f3f2f1", fillOpacity: 0.6 }
        }).addTo(map).bringToBack();
        data.features.forEach(function (f) {
          if (f.properties.lat) {
            L.marker([f.properties.lat, f.properties.lon], {
              interactive: false, keyboard: false,
              icon: L.divIcon({ className: "hearth-map-label", html: f.properties.name, iconSize: null })
            }).addTo(map);
          }
        });
      });
    }
    return map;
  }

  // One shape and colour per kind of asset (the legend beside the map shows
  // them), so kinds differ by shape as well as colour.
  var SHAPES = {
    physical: { colour: "#1d70b8", path: "M9 2a7 7 0 1 0 0.01 0z" },
    institution: { colour: "#4c2c92", path: "M3 3h12v12H3z" },
    association: { colour: "#00703c", path: "M9 1.5l7.5 14h-15z" },
    economic: { colour: "#b58840", path: "M9 1l8 8-8 8-8-8z" },
    cultural: { colour: "#d4351c", path: "M9 1.5l2.2 5 5.3.4-4 3.5 1.2 5.2L9 12.8l-4.7 2.8 1.2-5.2-4-3.5 5.3-.4z" },
    individual: { colour: "#f47738", path: "M5 2h8l4 7-4 7H5L1 9z" }
  };
  function icon(type) {
    var shape = SHAPES[type] || SHAPES.physical;
    return L.divIcon({
      className: "hearth-marker",
      iconSize: [18, 18],
      iconAnchor: [9, 9],
      html: '<svg width="18" height="18" viewBox="0 0 18 18" aria-hidden="true" focusable="false">' +
        '<path d="' + shape.path + '" fill="' + shape.colour + '" stroke="#0b0c0c" stroke-width="1"/></svg>'
    });
  }

  var element = document.getElementById("asset-map");
  if (element) {
    var map = baseMap(element);
    var details = document.getElementById("asset-map-details");
    var near = element.getAttribute("data-near");
    var nearPoint = null;
    if (near) {
      var ll = near.split(",").map(Number);
      nearPoint = L.latLng(ll[1], ll[0]);
      L.marker(nearPoint, {
        keyboard: false, interactive: false, title: element.getAttribute("data-near-label") || "",
        icon: L.divIcon({ className: "hearth-near", iconSize: [26, 26], iconAnchor: [13, 13],
          html: '<svg width="26" height="26" viewBox="0 0 26 26" aria-hidden="true" focusable="false"><circle cx="13" cy="13" r="11" fill="#ffdd00" stroke="#0b0c0c" stroke-width="3"/><circle cx="13" cy="13" r="3" fill="#0b0c0c"/></svg>' })
      }).addTo(map);
    }
    fetch(element.getAttribute("data-geojson"), { headers: { Accept: "application/geo+json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var layer = L.geoJSON(data, {
          pointToLayer: function (feature, latlng) {
            return L.marker(latlng, { icon: icon(feature.properties.asset_type), keyboard: false });
          },
          onEachFeature: function (feature, marker) {
            var p = feature.properties;
            var label = p.name + " (" + p.category_label + ")" + (p.approximate ? ", approximate location" : "");
            marker.on("add", function () {
              var path = marker.getElement();
              if (!path) { return; }
              path.setAttribute("tabindex", "0");
              path.setAttribute("role", "link");
              path.setAttribute("aria-label", label);
              path.addEventListener("focus", function () { details.textContent = label; });
              path.addEventListener("keydown", function (event) {
                if (event.key === "Enter") { window.location.href = "/assets/" + p.id + "/"; }
              });
            });
            marker.on("click", function () { window.location.href = "/assets/" + p.id + "/"; });
            marker.on("mouseover", function () { details.textContent = label; });
          }
        }).addTo(map);
        if (nearPoint) {
          // Zoom to the postcode and the ten nearest places.
          var nearest = data.features.map(function (f) {
            var p = L.latLng(f.geometry.coordinates[1], f.geometry.coordinates[0]);
            return { point: p, d: nearPoint.distanceTo(p) };
          }).sort(function (a, b) { return a.d - b.d; }).slice(0, 10);
          var bounds = L.latLngBounds([nearPoint]);
          nearest.forEach(function (n) { bounds.extend(n.point); });
          map.fitBounds(bounds.pad(0.2), { maxZoom: 16 });
        } else if (data.features.length && !element.getAttribute("data-bounds")) {
          map.fitBounds(layer.getBounds(), { maxZoom: 15 });
        }
        details.textContent = data.features.length + " places on the map." +
          (nearPoint ? " The yellow circle is the postcode you searched near." : "");
        element.setAttribute("data-loaded", String(data.features.length));
      });
  }

  // Need against assets: LSOAs coloured by group (the table has the same).
  var gapElement = document.getElementById("gap-map");
  if (gapElement) {
    var gapMap = L.map(gapElement, { zoomSnap: 0.25 });
    gapMap.attributionControl.setPrefix("Leaflet");
    var gapDetails = document.getElementById("gap-map-details");
    var fills = {
      "high need, low assets": "#d4351c", "high need, good assets": "#f47738",
      "lower need, low assets": "#b1b4b6", "lower need, good assets": "#ffffff"
    };
    fetch(gapElement.getAttribute("data-geojson")).then(function (r) { return r.json(); }).then(function (data) {
      var layer = L.geoJSON(data, {
        style: function (f) {
          return { color: "#0b0c0c", weight: 1, fillOpacity: 0.8, fillColor: fills[f.properties.quadrant] || "#ffffff" };
        },
        onEachFeature: function (f, shape) {
          var p = f.properties;
          var label = p.name + ": " + p.quadrant + (p.assets_per_1000 === null ? "" : ", " + p.assets_per_1000 + " assets per 1,000");
          shape.on("add", function () {
            var path = shape.getElement();
            if (!path) { return; }
            path.setAttribute("tabindex", "0");
            path.setAttribute("aria-label", label);
            path.addEventListener("focus", function () { gapDetails.textContent = label; });
          });
          shape.on("mouseover", function () { gapDetails.textContent = label; });
        }
      }).addTo(gapMap);
      if (data.features.length) { gapMap.fitBounds(layer.getBounds()); } else { gapMap.setView([53.65, -2.63], 11); }
    });
  }

  var picker = document.getElementById("pick-map");
  if (picker) {
    var pmap = baseMap(picker);
    var lat = document.getElementById("id_lat");
    var lon = document.getElementById("id_lon");
    var status = document.getElementById("pick-map-status");
    var marker = null;
    picker.hidden = false;
    pmap.invalidateSize();
    pmap.on("click", function (event) {
      lat.value = event.latlng.lat.toFixed(5);
      lon.value = event.latlng.lng.toFixed(5);
      if (marker) { marker.setLatLng(event.latlng); } else { marker = L.marker(event.latlng).addTo(pmap); }
      status.textContent = "Place chosen on the map. You can still give a postcode instead.";
    });
  }
})();
