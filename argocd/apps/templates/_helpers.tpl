{{/* Metadata shared by every Application: namespace, finalizer (deleting the Application deletes what it deployed), sync wave. */}}
{{- define "prost-apps.metadata" -}}
name: {{ .name }}
namespace: {{ .root.Values.argocdNamespace }}
labels:
  app.kubernetes.io/part-of: prost
  app.kubernetes.io/managed-by: argocd
  prost.dev/environment: {{ .root.Values.environment }}
annotations:
  # Lower waves sync (and must be healthy) first: backends at -1, Prost at 0.
  argocd.argoproj.io/sync-wave: {{ .wave | quote }}
finalizers:
  - resources-finalizer.argocd.argoproj.io
{{- end }}

{{/* Automated with prune + selfHeal when syncPolicy.automated (dev), manual otherwise (prod). */}}
{{- define "prost-apps.syncPolicy" -}}
{{- if .Values.syncPolicy.automated }}
automated:
  prune: true
  selfHeal: true
{{- end }}
syncOptions:
  - CreateNamespace=false
  - PruneLast=true
retry:
  limit: 5
  backoff:
    duration: 10s
    factor: 2
    maxDuration: 3m
{{- end }}

{{/* One Application for an upstream Helm chart: (dict "root" $ "name" "mongodb" "backend" $b "namespace" "prost-data"). */}}
{{- define "prost-apps.upstreamChart" -}}
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  {{- include "prost-apps.metadata" (dict "root" .root "name" (printf "%s-%s" .root.Values.environment .name) "wave" "-1") | nindent 2 }}
spec:
  project: {{ .root.Values.project.name }}
  source:
    repoURL: {{ .backend.repoURL }}
    chart: {{ .backend.chart }}
    targetRevision: {{ .backend.targetRevision | quote }}
    helm:
      releaseName: {{ .name }}
      {{- with .backend.values }}
      valuesObject:
        {{- toYaml . | nindent 8 }}
      {{- end }}
  destination:
    server: {{ .root.Values.destinationServer }}
    namespace: {{ .namespace }}
  syncPolicy:
    {{- include "prost-apps.syncPolicy" .root | trim | nindent 4 }}
{{- end }}
