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
{{- $env = mergeOverwrite $env (include "prost.tracingEnv" . | fromYaml) }}
{{- $env = mergeOverwrite $env (deepCopy .root.Values.config.env) (deepCopy (default dict .component.env)) }}
{{- /* <NAME>_INTERNAL_URL: the Service of each component this one calls (the bot acts through their APIs). */ -}}
{{- range (default list .component.calls) }}
{{- $target := include "prost.component" (dict "root" $.root "name" .) | fromYaml }}
{{- $_ := set $env (printf "%s_INTERNAL_URL" (upper .)) (printf "http://%s:%v" (include "prost.componentName" (dict "root" $.root "name" .)) $target.port) }}
{{- end }}
{{- toYaml $env }}
{{- end }}

{{/* Tracing: on when tracing.enabled and an endpoint is known (an existing collector, or the chart's). */}}
{{- define "prost.collectorEnabled" -}}
{{- if and .Values.tracing.enabled .Values.tracing.collector.enabled }}true{{- end }}
{{- end }}

{{- define "prost.collectorName" -}}
{{- include "prost.componentName" (dict "root" . "name" "otel-collector") }}
{{- end }}

{{- define "prost.tracingEndpoint" -}}
{{- if .Values.tracing.enabled }}
{{- if .Values.tracing.endpoint }}
{{- .Values.tracing.endpoint }}
{{- else if .Values.tracing.collector.enabled }}
{{- printf "http://%s:4318" (include "prost.collectorName" .) }}
{{- end }}
{{- end }}
{{- end }}

{{/*
The standard OTEL_* environment of one Node component (dict "root" $ "name" <component>), and the
preload that starts the SDK before the service imports anything. Empty when tracing is off, so the
preload is not even loaded.
*/}}
{{- define "prost.tracingEnv" -}}
{{- $endpoint := include "prost.tracingEndpoint" .root }}
{{- if $endpoint }}
{{- $attributes := dict "deployment.environment" .root.Values.appEnv "service.namespace" "prost" "k8s.namespace.name" .root.Release.Namespace }}
{{- $attributes = mergeOverwrite $attributes (deepCopy .root.Values.tracing.resourceAttributes) }}
{{- $pairs := list }}
{{- range $key, $value := $attributes }}
{{- $pairs = append $pairs (printf "%s=%s" $key $value) }}
{{- end }}
NODE_OPTIONS: {{ printf "--import %s" .root.Values.tracing.preload | quote }}
OTEL_SERVICE_NAME: {{ printf "prost-%s" .name | quote }}
OTEL_EXPORTER_OTLP_ENDPOINT: {{ $endpoint | quote }}
OTEL_EXPORTER_OTLP_PROTOCOL: {{ .root.Values.tracing.protocol | quote }}
OTEL_TRACES_EXPORTER: otlp
OTEL_TRACES_SAMPLER: {{ .root.Values.tracing.sampler | quote }}
OTEL_TRACES_SAMPLER_ARG: {{ .root.Values.tracing.samplerArg | quote }}
OTEL_PROPAGATORS: tracecontext,baggage
OTEL_RESOURCE_ATTRIBUTES: {{ join "," $pairs | quote }}
{{- end }}
{{- end }}

{{/*
Share of the traces the ingress starts that it marks sampled, in 1/10000: the services' sampler is
parent-based, so for a request without a traceparent the ingress's flag decides.
*/}}
{{- define "prost.edgeSamplePerTenThousand" -}}
{{- $sampler := .Values.tracing.sampler }}
{{- if hasSuffix "always_off" $sampler }}0
{{- else if hasSuffix "always_on" $sampler }}10000
{{- else }}{{ round (mulf (float64 .Values.tracing.samplerArg) 10000) 0 | int }}
{{- end }}
{{- end }}

{{/*
W3C trace context at the edge, as HAProxy backend rules: a valid incoming traceparent passes
through untouched; otherwise the ingress starts a trace (a random trace id, sampled at the
services' rate) and replaces the header. txn.trace_id is what the controller's log-format logs
(argocd/apps values: trace_id=%[var(txn.trace_id)]).
*/}}
{{- define "prost.traceContextRules" -}}
acl trace_context_valid req.hdr(traceparent) -m reg ^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$
http-request set-var(txn.trace_id) req.hdr(traceparent),field(2,-) if trace_context_valid
http-request set-var(txn.trace_id) uuid(4),regsub(-,,g) unless trace_context_valid
http-request set-var(txn.trace_flags) str(00)
http-request set-var(txn.trace_flags) str(01) if { rand(10000) lt {{ include "prost.edgeSamplePerTenThousand" . }} }
http-request del-header tracestate unless trace_context_valid
http-request set-header traceparent 00-%[var(txn.trace_id)]-%[uuid(4),regsub(-,,g),bytes(0,16)]-%[var(txn.trace_flags)] unless trace_context_valid
{{- end }}
