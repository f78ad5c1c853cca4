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

  var element = document.getElementById("asset-map");
  if (element) {
    var map = baseMap(element);
    var details = document.getElementById("asset-map-details");
    fetch(element.getAttribute("data-geojson"), { headers: { Accept: "application/geo+json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var layer = L.geoJSON(data, {
          pointToLayer: function (feature, latlng) {
            return L.circleMarker(latlng, {
              radius: 7, color: "#0b0c0c", weight: 1, fillColor: "#1d70b8", fillOpacity: 0.9
            });
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
        if (data.features.length && !element.getAttribute("data-bounds")) {
          map.fitBounds(layer.getBounds(), { maxZoom: 15 });
        }
        details.textContent = data.features.length + " assets on the map.";
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
