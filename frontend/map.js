// Choropleth of one indicator for an authority's small areas (Leaflet).
// The same figures are in the table under the map, which works without
// JavaScript; the map adds keyboard focus and hover details.
(function () {
  "use strict";
  var element = document.getElementById("map");
  if (!element || !window.L) { return; }
  var decileKey = element.getAttribute("data-decile");
  var details = document.getElementById("map-details");
  var colours = ["#3f007d", "#54278f", "#6a51a3", "#807dba", "#9e9ac8",
                 "#bcbddc", "#dadaeb", "#e7e4f0", "#efedf5", "#fcfbfd"];
  var map = L.map(element, { zoomSnap: 0.25, attributionControl: true });
  map.attributionControl.setPrefix("Leaflet");
  var tiles = element.getAttribute("data-tiles");
  if (tiles) { L.tileLayer(tiles, { maxZoom: 18 }).addTo(map); }

  function fmt(value) {
    if (value === null || value === undefined) { return "no figure"; }
    return Math.round(value * 1000) / 1000;
  }
  function describe(p) {
    return p.area_name + " (" + p.area_code + ")" +
      (p.ward_name ? ", " + p.ward_name + " ward" : "") +
      ": value " + fmt(p.value) + "; rank in England " + fmt(p.national_rank) +
      "; national decile " + fmt(p.national_decile) + "; local decile " + fmt(p.local_decile) + ".";
  }
  function style(feature) {
    var decile = feature.properties[decileKey];
    return {
      color: "#0b0c0c", weight: 1, fillOpacity: 0.8,
      fillColor: decile ? colours[decile - 1] : "#b1b4b6"
    };
  }
  function show(layer) {
    details.textContent = describe(layer.feature.properties);
    layer.setStyle({ weight: 4, color: "#ffdd00" });
    layer.bringToFront();
  }
  function hide(layer) { geo.resetStyle(layer); }

  var geo;
  fetch(element.getAttribute("data-geojson"), { headers: { Accept: "application/geo+json" } })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      geo = L.geoJSON(data, {
        style: style,
        onEachFeature: function (feature, layer) {
          layer.on({ mouseover: function () { show(layer); }, mouseout: function () { hide(layer); } });
          layer.on("add", function () {
            var path = layer.getElement();
            if (!path) { return; }
            path.setAttribute("tabindex", "0");
            path.setAttribute("role", "img");
            path.setAttribute("aria-label", describe(feature.properties));
            path.addEventListener("focus", function () { show(layer); });
            path.addEventListener("blur", function () { hide(layer); });
          });
        }
      }).addTo(map);
      map.fitBounds(geo.getBounds());
      if (data.metadata && data.metadata.attribution) {
        map.attributionControl.addAttribution(data.metadata.attribution.substring(0, 160));
      }
      element.setAttribute("data-loaded", String(data.features.length));
    })
    .catch(function () {
      details.textContent = "The map could not be loaded. The table below has the same figures.";
    });
})();
