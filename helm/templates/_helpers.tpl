{{/* Chart name, at most 63 characters (a DNS label). */}}
{{- define "mcp.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Fully qualified app name: release-chart unless the release name already contains the chart name. */}}
{{- define "mcp.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* A name derived from the full name with a suffix, still at most 63 characters. */}}
{{- define "mcp.suffixed" -}}
{{- $root := index . 0 }}{{- $suffix := index . 1 }}
{{- printf "%s-%s" (include "mcp.fullname" $root | trunc (int (sub 62 (len $suffix))) | trimSuffix "-") $suffix }}
{{- end }}

{{- define "mcp.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "mcp.selectorLabels" -}}
app.kubernetes.io/name: {{ include "mcp.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Standard labels; `app` keeps `kubectl get pods -l app=mcp-kubernetes-server` working. */}}
{{- define "mcp.labels" -}}
helm.sh/chart: {{ include "mcp.chart" . }}
{{ include "mcp.selectorLabels" . }}
app: {{ include "mcp.name" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | trunc 63 | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: mcp-kubernetes
{{- end }}

{{- define "mcp.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "mcp.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The Secret holding JWT_SECRET, the users file and REDIS_URL. */}}
{{- define "mcp.secretName" -}}
{{- default (include "mcp.fullname" .) .Values.auth.existingSecret }}
{{- end }}

{{- define "mcp.image" -}}
{{- $tag := .Values.image.tag | default .Chart.AppVersion }}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository $tag }}
{{- end }}
{{- end }}

{{/* True when the chart must create a Secret (no existingSecret, something secret to hold). */}}
{{- define "mcp.createSecret" -}}
{{- if and (not .Values.auth.existingSecret) (or .Values.auth.jwtSecret .Values.auth.users .Values.redis.url) }}true{{- end }}
{{- end }}

{{/* Namespaces the namespace-operator preset grants access to (default: the release's). */}}
{{- define "mcp.operatorNamespaces" -}}
{{- if .Values.rbac.namespaces }}{{ join "," .Values.rbac.namespaces }}{{ else }}{{ .Release.Namespace }}{{ end }}
{{- end }}

{{- define "mcp.validate" -}}
{{- if and .Values.auth.enabled (not .Values.auth.existingSecret) (not .Values.auth.jwtSecret) }}
{{- fail "auth.enabled is true: set auth.jwtSecret (openssl rand -base64 48) or auth.existingSecret (a Secret with the key JWT_SECRET)" }}
{{- end }}
{{- if and .Values.auth.jwtSecret (lt (len .Values.auth.jwtSecret) 32) }}
{{- fail "auth.jwtSecret must be at least 32 characters long (openssl rand -base64 48)" }}
{{- end }}
{{- if and (gt (int .Values.replicaCount) 1) (not .Values.redis.url) (not .Values.redis.existingSecret) }}
{{- fail "replicaCount > 1 needs redis.url (or redis.existingSecret) so rate limits and sessions are shared between replicas" }}
{{- end }}
{{- if gt (include "mcp.seconds" .Values.auth.jwtExpiresIn | int64) (include "mcp.seconds" .Values.auth.jwtMaxLifetime | int64) }}
{{- fail (printf "auth.jwtExpiresIn (%s) is longer than auth.jwtMaxLifetime (%s): the server would refuse to start; shorten it (integrations that need long-lived credentials use API tokens, POST /auth/tokens)" .Values.auth.jwtExpiresIn .Values.auth.jwtMaxLifetime) }}
{{- end }}
{{- if and .Values.autoscaling.enabled (not .Values.redis.url) (not .Values.redis.existingSecret) }}
{{- fail "autoscaling.enabled needs redis.url (or redis.existingSecret) so rate limits and sessions are shared between replicas" }}
{{- end }}
{{- end }}

{{/* Seconds in a duration as the server reads it: 3600, 90s, 15m, 24h, 7d, 2w. */}}
{{- define "mcp.seconds" -}}
{{- $value := toString . | nospace }}
{{- $number := regexFind "^[0-9]+" $value | int64 }}
{{- $unit := regexFind "[smhdw]$" $value | default "s" }}
{{- mul $number (get (dict "s" 1 "m" 60 "h" 3600 "d" 86400 "w" 604800) $unit) }}
{{- end }}

{{/* True when a users file is mounted: from auth.users, or the key users.yaml of auth.existingSecret. */}}
{{- define "mcp.hasUsers" -}}
{{- if or .Values.auth.users (and .Values.auth.existingSecret .Values.auth.usersInExistingSecret) }}true{{- end }}
{{- end }}
