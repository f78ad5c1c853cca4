// LSOAs in numbered groups: proposed focus communities, or communities.
// Each group has a colour and its number on the map, so the groups do not
// differ by colour alone; the page's list has the same areas (no JS needed).
(function () {
  "use strict";
  var element = document.getElementById("groups-map");
  if (!element || !window.L) { return; }
  var details = document.getElementById("groups-map-details");
  var colours = ["#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#f47738",
                 "#5694ca", "#912b88", "#85994b", "#28a197", "#b58840"];
  var map = L.map(element, { zoomSnap: 0.25 });
  map.attributionControl.setPrefix("Leaflet");
  var tiles = element.getAttribute("data-tiles");
  if (tiles) { L.tileLayer(tiles, { maxZoom: 18 }).addTo(map); }
  function label(p) { return p.group + ": " + p.area_name + " (" + p.area_code + ")"; }
  fetch(element.getAttribute("data-geojson"), { headers: { Accept: "application/geo+json" } })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      if (!data.features || !data.features.length) {
        details.textContent = "There are no areas to show on the map.";
        map.setView([53.65, -2.63], 11);
        return;
      }
      var layer = L.geoJSON(data, {
        style: function (f) {
          return { color: "#0b0c0c", weight: 1, fillOpacity: 0.55,
                   fillColor: colours[(f.properties.number - 1) % colours.length] };
        },
        onEachFeature: function (f, shape) {
          var text = label(f.properties);
          shape.on("add", function () {
            var path = shape.getElement();
            if (!path) { return; }
            path.setAttribute("tabindex", "0");
            path.setAttribute("role", "img");
            path.setAttribute("aria-label", text);
            path.addEventListener("focus", function () { details.textContent = text; });
          });
          shape.on("mouseover", function () { details.textContent = text; });
          shape.on("click", function () {
            if (f.properties.href) { window.location.href = f.properties.href; }
          });
        }
      }).addTo(map);
      // One number per group, at the middle of its first area.
      var placed = {};
      layer.eachLayer(function (shape) {
        var p = shape.feature.properties;
        if (placed[p.number]) { return; }
        placed[p.number] = true;
        L.marker(shape.getBounds().getCenter(), {
          interactive: false, keyboard: false,
          icon: L.divIcon({ className: "hearth-map-number", html: String(p.number), iconSize: null })
        }).addTo(map);
      });
      map.fitBounds(layer.getBounds());
      element.setAttribute("data-loaded", String(data.features.length));
    })
    .catch(function () {
      details.textContent = "The map could not be loaded. The list on this page has the same areas.";
    });
})();
