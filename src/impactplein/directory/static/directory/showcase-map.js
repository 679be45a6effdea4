/* The showcase map: the current result as clustered markers on the configured background map.
 *
 * The page works without this script: the result list below the map holds the same enterprises.
 * The script reads its settings from the JSON in #showcase-map-config (data URL with the page's
 * query string, tile URL, attribution), fetches the GeoJSON and shows it with Leaflet and
 * leaflet.markercluster. Texts come from data- attributes, so they follow the page's language.
 */
(function () {
  "use strict";

  function setStatus(status, text) {
    status.textContent = text;
  }

  function popupContent(feature, linkText) {
    // Built with DOM nodes, never HTML strings: names and pitches are user input.
    var properties = feature.properties || {};
    var box = document.createElement("div");
    var heading = document.createElement("p");
    heading.className = "impactplein-map__popup-name";
    var link = document.createElement("a");
    link.className = "utrecht-link utrecht-link--html-a";
    link.href = properties.url;
    link.textContent = properties.name;
    heading.appendChild(link);
    box.appendChild(heading);
    if (properties.municipality) {
      var place = document.createElement("p");
      place.className = "impactplein-map__popup-place";
      place.textContent = properties.municipality;
      box.appendChild(place);
    }
    if (properties.pitch) {
      var pitch = document.createElement("p");
      pitch.textContent = properties.pitch;
      box.appendChild(pitch);
    }
    var more = document.createElement("a");
    more.className = "utrecht-link utrecht-link--html-a";
    more.href = properties.url;
    more.textContent = linkText;
    more.setAttribute("aria-label", linkText + ": " + properties.name);
    box.appendChild(more);
    return box;
  }

  function start() {
    var canvas = document.getElementById("showcase-map");
    var status = document.getElementById("map-status");
    var configNode = document.getElementById("showcase-map-config");
    if (!canvas || !status || !configNode || typeof window.L === "undefined") {
      return;
    }
    var L = window.L;
    var config = JSON.parse(configNode.textContent);
    canvas.hidden = false;
    canvas.setAttribute("role", "region");
    canvas.setAttribute("aria-label", canvas.dataset.regionLabel);
    setStatus(status, status.dataset.loading);

    // The Drechtsteden first; the markers' bounds take over once they are known.
    var map = L.map(canvas, { scrollWheelZoom: false }).setView([51.81, 4.67], 11);
    L.tileLayer(config.tileUrl, {
      attribution: config.attribution,
      maxZoom: 19,
      minZoom: 6,
    }).addTo(map);
    var markers = L.markerClusterGroup({ showCoverageOnHover: false });

    fetch(config.dataUrl, { headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("map data: " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        var features = data.features || [];
        features.forEach(function (feature) {
          var coordinates = feature.geometry.coordinates;
          var marker = L.marker([coordinates[1], coordinates[0]], {
            title: feature.properties.name,
            alt: feature.properties.name,
          });
          marker.bindPopup(popupContent(feature, canvas.dataset.popupLink));
          markers.addLayer(marker);
        });
        map.addLayer(markers);
        if (features.length) {
          map.fitBounds(markers.getBounds(), { padding: [24, 24], maxZoom: 15 });
        }
        var text;
        if (!features.length) {
          text = status.dataset.empty;
        } else if (features.length === 1) {
          text = status.dataset.shownOne;
        } else {
          text = status.dataset.shownMany.replace("{count}", features.length.toLocaleString(document.documentElement.lang || "nl"));
        }
        if (data.message) {
          text += " " + data.message;
        }
        setStatus(status, text);
      })
      .catch(function () {
        setStatus(status, status.dataset.failed);
      });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
