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

{{- /* The variables the chart sets from its own values (config.extra adds to them). */}}
{{- define "mcp.configData" -}}
NODE_ENV: {{ .Values.config.nodeEnv | quote }}
PORT: "3000"
HOST: "0.0.0.0"
K8S_IN_CLUSTER: "true"
K8S_NAMESPACE: {{ .Values.config.defaultNamespace | quote }}
K8S_IMPERSONATE: {{ or .Values.config.impersonate (eq .Values.rbac.preset "impersonation-only") | quote }}
AUTH_ENABLED: {{ .Values.auth.enabled | quote }}
JWT_EXPIRES_IN: {{ .Values.auth.jwtExpiresIn | quote }}
JWT_MAX_LIFETIME: {{ .Values.auth.jwtMaxLifetime | quote }}
AUTH_API_TOKEN_MAX_LIFETIME: {{ .Values.auth.apiTokenMaxLifetime | quote }}
ALLOW_INSECURE_PRODUCTION: {{ .Values.config.allowInsecureProduction | quote }}
{{- if include "mcp.hasUsers" . }}
AUTH_USERS_FILE: /etc/mcp-kubernetes/users/users.yaml
{{- end }}
{{- if .Values.auth.policyRoles }}
AUTH_POLICY_FILE: /etc/mcp-kubernetes/policy/policy.yaml
{{- end }}
{{- with .Values.auth.oidc.issuerUrl }}
OIDC_ISSUER_URL: {{ . | quote }}
{{- end }}
{{- with .Values.auth.oidc.audience }}
OIDC_AUDIENCE: {{ . | quote }}
{{- end }}
OIDC_ROLES_CLAIM: {{ .Values.auth.oidc.rolesClaim | quote }}
OIDC_USERNAME_CLAIM: {{ .Values.auth.oidc.usernameClaim | quote }}
{{- with .Values.auth.groupRoles }}
AUTH_GROUP_ROLES: {{ . | quote }}
{{- end }}
{{- with .Values.auth.groupNamespaces }}
AUTH_GROUP_NAMESPACES: {{ . | quote }}
{{- end }}
{{- with .Values.config.publicUrl }}
PUBLIC_URL: {{ . | quote }}
{{- end }}
TRUST_PROXY: {{ .Values.config.trustProxy | quote }}
RATE_LIMIT_MAX: {{ .Values.config.rateLimitMax | quote }}
LOG_LEVEL: {{ .Values.config.logLevel | quote }}
LOG_FORMAT: {{ .Values.config.logFormat | quote }}
LOG_CONSOLE: "true"
{{- if .Values.metrics.port }}
METRICS_PORT: {{ .Values.metrics.port | quote }}
{{- end }}
SHUTDOWN_TIMEOUT_MS: {{ .Values.shutdownTimeoutMs | quote }}
HEALTH_CHECK_TIMEOUT_MS: {{ .Values.config.healthCheckTimeoutMs | quote }}
MCP_MAX_SESSIONS_PER_USER: {{ .Values.config.maxSessionsPerUser | quote }}
HTTP_HEADERS_TIMEOUT_MS: {{ .Values.config.httpHeadersTimeoutMs | quote }}
HTTP_REQUEST_TIMEOUT_MS: {{ .Values.config.httpRequestTimeoutMs | quote }}
HTTP_KEEP_ALIVE_TIMEOUT_MS: {{ .Values.config.httpKeepAliveTimeoutMs | quote }}
CONSOLE_ENABLED: {{ .Values.config.console | quote }}
K8S_LOGS_FOLLOW_MAX_SECONDS: {{ .Values.config.logsFollowMaxSeconds | quote }}
{{- end }}

{{- /* Where each variable of mcp.configData comes from, for the refusal of a config.extra repeat. */}}
{{- define "mcp.configSource" -}}
{{- $fromValues := dict
  "NODE_ENV" "config.nodeEnv"
  "K8S_NAMESPACE" "config.defaultNamespace"
  "K8S_IMPERSONATE" "config.impersonate (or rbac.preset=impersonation-only)"
  "AUTH_ENABLED" "auth.enabled"
  "JWT_EXPIRES_IN" "auth.jwtExpiresIn"
  "JWT_MAX_LIFETIME" "auth.jwtMaxLifetime"
  "AUTH_API_TOKEN_MAX_LIFETIME" "auth.apiTokenMaxLifetime"
  "ALLOW_INSECURE_PRODUCTION" "config.allowInsecureProduction"
  "AUTH_USERS_FILE" "auth.users (or auth.existingSecret with auth.usersInExistingSecret)"
  "AUTH_POLICY_FILE" "auth.policyRoles"
  "OIDC_ISSUER_URL" "auth.oidc.issuerUrl"
  "OIDC_AUDIENCE" "auth.oidc.audience"
  "OIDC_ROLES_CLAIM" "auth.oidc.rolesClaim"
  "OIDC_USERNAME_CLAIM" "auth.oidc.usernameClaim"
  "AUTH_GROUP_ROLES" "auth.groupRoles"
  "AUTH_GROUP_NAMESPACES" "auth.groupNamespaces"
  "PUBLIC_URL" "config.publicUrl"
  "TRUST_PROXY" "config.trustProxy"
  "RATE_LIMIT_MAX" "config.rateLimitMax"
  "LOG_LEVEL" "config.logLevel"
  "LOG_FORMAT" "config.logFormat"
  "METRICS_PORT" "metrics.port"
  "SHUTDOWN_TIMEOUT_MS" "shutdownTimeoutMs"
  "HEALTH_CHECK_TIMEOUT_MS" "config.healthCheckTimeoutMs"
  "MCP_MAX_SESSIONS_PER_USER" "config.maxSessionsPerUser"
  "HTTP_HEADERS_TIMEOUT_MS" "config.httpHeadersTimeoutMs"
  "HTTP_REQUEST_TIMEOUT_MS" "config.httpRequestTimeoutMs"
  "HTTP_KEEP_ALIVE_TIMEOUT_MS" "config.httpKeepAliveTimeoutMs"
  "CONSOLE_ENABLED" "config.console"
  "K8S_LOGS_FOLLOW_MAX_SECONDS" "config.logsFollowMaxSeconds"
-}}
{{- with get $fromValues . -}}
set it with the chart value {{ . }}
{{- else -}}
the chart fixes it for the container it runs
{{- end }}
{{- end }}
