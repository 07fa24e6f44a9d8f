import type { Dashboard } from "@grafana/schema";
export const dashboard: Dashboard = {
  "uid": "driftwatch",
  "title": "Driftwatch — model drift",
  "tags": [
    "driftwatch",
    "ml"
  ],
  "timezone": "browser",
  "editable": true,
  "graphTooltip": 1,
  "refresh": "10s",
  "schemaVersion": 41,
  "version": 1,
  "time": {
    "from": "now-30m",
    "to": "now"
  },
  "templating": {
    "list": [
      {
        "name": "datasource",
        "label": "Data source",
        "type": "datasource",
        "query": "prometheus",
        "current": {}
      },
      {
        "name": "monitor",
        "label": "Monitor",
        "type": "query",
        "datasource": {
          "type": "prometheus",
          "uid": "${datasource}"
        },
        "query": {
          "query": "label_values(drift_kl_divergence, monitor)",
          "refId": "monitor"
        },
        "definition": "label_values(drift_kl_divergence, monitor)",
        "refresh": 2,
        "multi": true,
        "includeAll": true,
        "current": {}
      },
      {
        "name": "model",
        "label": "Model",
        "type": "query",
        "datasource": {
          "type": "prometheus",
          "uid": "${datasource}"
        },
        "query": {
          "query": "label_values(drift_kl_divergence{monitor=~\"$monitor\"}, model)",
          "refId": "model"
        },
        "definition": "label_values(drift_kl_divergence{monitor=~\"$monitor\"}, model)",
        "refresh": 2,
        "multi": true,
        "includeAll": true,
        "current": {}
      }
    ]
  },
  "annotations": {
    "list": []
  },
  "panels": [
    {
      "id": 1,
      "type": "timeseries",
      "title": "KL divergence D(live ‖ reference)",
      "description": "Smoothed KL, nats. Lines: warning 0.05 and critical 0.15 (deploy/prometheus rules).",
      "datasource": {
        "type": "prometheus",
        "uid": "${datasource}"
      },
      "gridPos": {
        "x": 0,
        "y": 0,
        "w": 12,
        "h": 8
      },
      "targets": [
        {
          "refId": "A",
          "datasource": {
            "type": "prometheus",
            "uid": "${datasource}"
          },
          "expr": "drift_kl_divergence{monitor=~\"$monitor\",model=~\"$model\"}",
          "legendFormat": "{{monitor}}/{{model}}"
        }
      ],
      "fieldConfig": {
        "defaults": {
          "unit": "none",
          "thresholds": {
            "mode": "absolute",
            "steps": [
              {
                "color": "green",
                "value": null
              },
              {
                "color": "orange",
                "value": 0.05
              },
              {
                "color": "red",
                "value": 0.15
              }
            ]
          },
          "custom": {
            "thresholdsStyle": {
              "mode": "line"
            }
          }
        },
        "overrides": []
      },
      "options": {}
    },
    {
      "id": 2,
      "type": "timeseries",
      "title": "KL divergence D(reference ‖ live)",
      "description": "The reverse direction: weighs where the reference had mass.",
      "datasource": {
        "type": "prometheus",
        "uid": "${datasource}"
      },
      "gridPos": {
        "x": 12,
        "y": 0,
        "w": 12,
        "h": 8
      },
      "targets": [
        {
          "refId": "A",
          "datasource": {
            "type": "prometheus",
            "uid": "${datasource}"
          },
          "expr": "drift_kl_divergence_reverse{monitor=~\"$monitor\",model=~\"$model\"}",
          "legendFormat": "{{monitor}}/{{model}}"
        }
      ],
      "fieldConfig": {
        "defaults": {
          "unit": "none",
          "thresholds": {
            "mode": "absolute",
            "steps": [
              {
                "color": "green",
                "value": null
              },
              {
                "color": "orange",
                "value": 0.05
              },
              {
                "color": "red",
                "value": 0.15
              }
            ]
          },
          "custom": {
            "thresholdsStyle": {
              "mode": "line"
            }
          }
        },
        "overrides": []
      },
      "options": {}
    },
    {
      "id": 3,
      "type": "timeseries",
      "title": "KL vs noise floor",
      "description": "The noise floor is the KL a no-drift window of this size exceeds with probability alpha.",
      "datasource": {
        "type": "prometheus",
        "uid": "${datasource}"
      },
      "gridPos": {
        "x": 0,
        "y": 8,
        "w": 12,
        "h": 8
      },
      "targets": [
        {
          "refId": "A",
          "datasource": {
            "type": "prometheus",
            "uid": "${datasource}"
          },
          "expr": "drift_kl_divergence{monitor=~\"$monitor\",model=~\"$model\"}",
          "legendFormat": "KL {{monitor}}/{{model}}"
        },
        {
          "refId": "B",
          "datasource": {
            "type": "prometheus",
            "uid": "${datasource}"
          },
          "expr": "drift_kl_noise_floor{monitor=~\"$monitor\",model=~\"$model\"}",
          "legendFormat": "noise floor {{monitor}}/{{model}}"
        },
        {
          "refId": "C",
          "datasource": {
            "type": "prometheus",
            "uid": "${datasource}"
          },
          "expr": "drift_kl_divergence_corrected{monitor=~\"$monitor\",model=~\"$model\"}",
          "legendFormat": "bias-corrected {{monitor}}/{{model}}"
        }
      ],
      "fieldConfig": {
        "defaults": {
          "unit": "none"
        },
        "overrides": []
      },
      "options": {}
    },
    {
      "id": 4,
      "type": "timeseries",
      "title": "p-value (G-test, Williams)",
      "description": "Below 0.01 the difference is significant for the window's size.",
      "datasource": {
        "type": "prometheus",
        "uid": "${datasource}"
      },
      "gridPos": {
        "x": 12,
        "y": 8,
        "w": 12,
        "h": 8
      },
      "targets": [
        {
          "refId": "A",
          "datasource": {
            "type": "prometheus",
            "uid": "${datasource}"
          },
          "expr": "drift_p_value{monitor=~\"$monitor\",model=~\"$model\"}",
          "legendFormat": "{{monitor}}/{{model}}"
        }
      ],
      "fieldConfig": {
        "defaults": {
          "custom": {
            "scaleDistribution": {
              "type": "log",
              "log": 10
            }
          }
        },
        "overrides": []
      },
      "options": {}
    },
    {
      "id": 5,
      "type": "timeseries",
      "title": "Window samples",
      "description": "Events in the live window; below min-samples the divergences show no value.",
      "datasource": {
        "type": "prometheus",
        "uid": "${datasource}"
      },
      "gridPos": {
        "x": 0,
        "y": 16,
        "w": 12,
        "h": 8
      },
      "targets": [
        {
          "refId": "A",
          "datasource": {
            "type": "prometheus",
            "uid": "${datasource}"
          },
          "expr": "drift_window_samples{monitor=~\"$monitor\",model=~\"$model\"}",
          "legendFormat": "{{monitor}}/{{model}}"
        }
      ],
      "fieldConfig": {
        "defaults": {
          "unit": "short"
        },
        "overrides": []
      },
      "options": {}
    },
    {
      "id": 6,
      "type": "timeseries",
      "title": "JS divergence, PSI, Hellinger",
      "description": "",
      "datasource": {
        "type": "prometheus",
        "uid": "${datasource}"
      },
      "gridPos": {
        "x": 12,
        "y": 16,
        "w": 12,
        "h": 8
      },
      "targets": [
        {
          "refId": "A",
          "datasource": {
            "type": "prometheus",
            "uid": "${datasource}"
          },
          "expr": "drift_js_divergence{monitor=~\"$monitor\",model=~\"$model\"}",
          "legendFormat": "JS {{monitor}}/{{model}}"
        },
        {
          "refId": "B",
          "datasource": {
            "type": "prometheus",
            "uid": "${datasource}"
          },
          "expr": "drift_psi{monitor=~\"$monitor\",model=~\"$model\"}",
          "legendFormat": "PSI {{monitor}}/{{model}}"
        },
        {
          "refId": "C",
          "datasource": {
            "type": "prometheus",
            "uid": "${datasource}"
          },
          "expr": "drift_hellinger_distance{monitor=~\"$monitor\",model=~\"$model\"}",
          "legendFormat": "Hellinger {{monitor}}/{{model}}"
        }
      ],
      "fieldConfig": {
        "defaults": {
          "unit": "none"
        },
        "overrides": []
      },
      "options": {}
    },
    {
      "id": 7,
      "type": "state-timeline",
      "title": "Alert state",
      "description": "0 ok, 1 pending, 2 firing",
      "datasource": {
        "type": "prometheus",
        "uid": "${datasource}"
      },
      "gridPos": {
        "x": 0,
        "y": 24,
        "w": 24,
        "h": 8
      },
      "targets": [
        {
          "refId": "A",
          "datasource": {
            "type": "prometheus",
            "uid": "${datasource}"
          },
          "expr": "drift_alert_state{monitor=~\"$monitor\",model=~\"$model\"}",
          "legendFormat": "{{monitor}}/{{model}} {{severity}}"
        }
      ],
      "fieldConfig": {
        "defaults": {
          "mappings": [
            {
              "type": "value",
              "options": {
                "0": {
                  "text": "ok",
                  "color": "green"
                },
                "1": {
                  "text": "pending",
                  "color": "orange"
                },
                "2": {
                  "text": "firing",
                  "color": "red"
                }
              }
            }
          ],
          "color": {
            "mode": "thresholds"
          },
          "thresholds": {
            "mode": "absolute",
            "steps": [
              {
                "color": "green",
                "value": null
              },
              {
                "color": "orange",
                "value": 1
              },
              {
                "color": "red",
                "value": 2
              }
            ]
          }
        },
        "overrides": []
      },
      "options": {}
    },
    {
      "id": 8,
      "type": "timeseries",
      "title": "Events by outcome and reason",
      "description": "Rejected events by reason: see the README's table.",
      "datasource": {
        "type": "prometheus",
        "uid": "${datasource}"
      },
      "gridPos": {
        "x": 0,
        "y": 32,
        "w": 12,
        "h": 8
      },
      "targets": [
        {
          "refId": "A",
          "datasource": {
            "type": "prometheus",
            "uid": "${datasource}"
          },
          "expr": "sum by (outcome, reason) (rate(drift_events_total[$__rate_interval]))",
          "legendFormat": "{{outcome}} {{reason}}"
        }
      ],
      "fieldConfig": {
        "defaults": {
          "unit": "reqps"
        },
        "overrides": []
      },
      "options": {}
    },
    {
      "id": 9,
      "type": "timeseries",
      "title": "Consumer lag",
      "description": "Records not yet applied to the windows.",
      "datasource": {
        "type": "prometheus",
        "uid": "${datasource}"
      },
      "gridPos": {
        "x": 12,
        "y": 32,
        "w": 12,
        "h": 8
      },
      "targets": [
        {
          "refId": "A",
          "datasource": {
            "type": "prometheus",
            "uid": "${datasource}"
          },
          "expr": "sum by (topic, partition) (drift_consumer_lag_records)",
          "legendFormat": "{{topic}}/{{partition}}"
        }
      ],
      "fieldConfig": {
        "defaults": {
          "unit": "short"
        },
        "overrides": []
      },
      "options": {}
    },
    {
      "id": 10,
      "type": "barchart",
      "title": "Live vs reference histogram",
      "description": "Share of each bin in the live window and in the reference (pick one monitor and model).",
      "datasource": {
        "type": "prometheus",
        "uid": "${datasource}"
      },
      "gridPos": {
        "x": 0,
        "y": 40,
        "w": 24,
        "h": 9
      },
      "targets": [
        {
          "refId": "A",
          "datasource": {
            "type": "prometheus",
            "uid": "${datasource}"
          },
          "expr": "drift_bin_share{monitor=~\"$monitor\",model=~\"$model\",source=\"live\"}",
          "legendFormat": "live {{bin}}"
        },
        {
          "refId": "B",
          "datasource": {
            "type": "prometheus",
            "uid": "${datasource}"
          },
          "expr": "drift_bin_share{monitor=~\"$monitor\",model=~\"$model\",source=\"reference\"}",
          "legendFormat": "reference {{bin}}"
        }
      ],
      "fieldConfig": {
        "defaults": {
          "unit": "percentunit"
        },
        "overrides": []
      },
      "options": {
        "xField": "bin",
        "orientation": "vertical",
        "showValue": "never"
      },
      "transformations": [
        {
          "id": "reduce",
          "options": {
            "reducers": [
              "lastNotNull"
            ]
          }
        }
      ]
    }
  ]
};
