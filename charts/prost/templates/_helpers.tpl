{{/* Names and labels, as `helm create` lays them out. */}}

{{- define "prost.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-scoped prefix of every resource name; truncated to leave room for "-<component>". */}}
{{- define "prost.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 42 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 42 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 42 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "prost.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "prost.selectorLabels" -}}
app.kubernetes.io/name: {{ include "prost.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "prost.labels" -}}
helm.sh/chart: {{ include "prost.chart" . }}
{{ include "prost.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: prost
{{- end }}

{{/*
Per-component helpers take a dict: (dict "root" $ "name" "events").
prost.component returns the component's values merged over componentDefaults, as YAML.
*/}}
{{- define "prost.component" -}}
{{- $defaults := deepCopy .root.Values.componentDefaults }}
{{- $own := index .root.Values.components .name }}
{{- toYaml (mergeOverwrite $defaults (deepCopy $own)) }}
{{- end }}

{{- define "prost.componentName" -}}
{{- printf "%s-%s" (include "prost.fullname" .root) .name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "prost.componentSelectorLabels" -}}
{{ include "prost.selectorLabels" .root }}
app.kubernetes.io/component: {{ .name }}
{{- end }}

{{- define "prost.componentLabels" -}}
{{ include "prost.labels" .root }}
app.kubernetes.io/component: {{ .name }}
{{- end }}

{{- define "prost.image" -}}
{{- $component := .component }}
{{- printf "%s/%s:%s" .root.Values.image.registry $component.image (default .root.Chart.AppVersion .root.Values.image.tag) }}
{{- end }}

{{/* A component gets a Service when the Ingress routes to it, or when a ServiceMonitor scrapes it. */}}
{{- define "prost.hasService" -}}
{{- if or (gt (len .component.ingressPaths) 0) (and .root.Values.metrics.serviceMonitor.enabled .component.metrics.enabled) }}true{{- end }}
{{- end }}

{{/* Non-secret environment of a Node component: chart-owned keys, then shared, then its own. */}}
{{- define "prost.configEnv" -}}
{{- $env := dict "APP_ENV" .root.Values.appEnv "HOST" "0.0.0.0" "PORT" (toString .component.port) "PUBLIC_URL" .root.Values.publicUrl }}
{{- $env = mergeOverwrite $env (deepCopy .root.Values.config.env) (deepCopy (default dict .component.env)) }}
{{- /* <NAME>_INTERNAL_URL: the Service of each component this one calls (the bot acts through their APIs). */ -}}
{{- range (default list .component.calls) }}
{{- $target := include "prost.component" (dict "root" $.root "name" .) | fromYaml }}
{{- $_ := set $env (printf "%s_INTERNAL_URL" (upper .)) (printf "http://%s:%v" (include "prost.componentName" (dict "root" $.root "name" .)) $target.port) }}
{{- end }}
{{- toYaml $env }}
{{- end }}
