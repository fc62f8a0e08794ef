# Post-deploy verification: the commands of a CodePipeline V2 Commands action that runs in a
# target account after each Deploy, with a role of that account. It proves, within
# VERIFY_TIMEOUT_SECONDS overall, that (1) the service's PRIMARY deployment completed and runs
# exactly the image imagedefinitions.json names, (2) the service URL answers the health check
# path with HTTP 200, and (3) the application's smoke test, if the source has one, passes.
# It prints one "VERIFY <check>: PASS|FAIL|SKIPPED, ..." line per check.
#
# Format, for whoever loads this file: one command per line; blank lines and lines whose first
# non-blank character is # are comments and are dropped. CodePipeline allows at most 50
# commands of at most 1000 characters each, no multi-line commands, and runs them one after
# another in one build phase: the first command that fails fails the action.
# https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-Commands.html
#
# Inputs: the build's output is the primary input artifact, so imagedefinitions.json is in the
# working directory; the application source is the secondary input artifact "Source", at
# $CODEBUILD_SRC_DIR_Source. The action sets CLUSTER_NAME, SERVICE_NAME, CONTAINER_NAME,
# HEALTH_CHECK_PATH, SERVICE_URL_PARAMETER (an SSM parameter holding http://<alb dns> or
# https://<alb dns>), SERVICE_DOMAIN (the domain name the https certificate is for; empty with
# http), SMOKE_TEST_PATH (relative to the source root) and VERIFY_TIMEOUT_SECONDS;
# VERIFY_POLL_SECONDS is optional (default 5); CodeBuild sets AWS_REGION.
#
# The action runs on CodeBuild's Amazon Linux 2023 standard 5.0 image, which has the AWS CLI v2
# and curl. The CLI's --query (JMESPath) reads its answers, printed with --output text: a scalar
# on a line, null as None, a list on one tab-separated line. None of the calls here is paginated.
# https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-filter.html
# https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-output-format.html#text-output
# CodeBuild runs commands with /bin/sh, which there is bash (in its POSIX mode), so bash syntax
# works.
# Only plain variables are carried from one command to the next: CodeBuild keeps those between
# commands, but not arrays (https://github.com/aws/aws-cdk/issues/26694), and whether it keeps
# shell functions is not documented. Repeated steps are therefore kept in variables and run
# with eval.

# ---- Settings ----------------------------------------------------------------------------------

missing=""; for name in CLUSTER_NAME SERVICE_NAME CONTAINER_NAME HEALTH_CHECK_PATH SERVICE_URL_PARAMETER SMOKE_TEST_PATH VERIFY_TIMEOUT_SECONDS AWS_REGION CODEBUILD_SRC_DIR_Source; do [ -n "${!name:-}" ] || missing="$missing $name"; done; [ -z "$missing" ] || { echo "VERIFY setup: FAIL, not set:$missing" >&2; false; }
VERIFY_POLL_SECONDS="${VERIFY_POLL_SECONDS:-5}"
[[ "$VERIFY_TIMEOUT_SECONDS" =~ ^[1-9][0-9]*$ && "$VERIFY_POLL_SECONDS" =~ ^[1-9][0-9]*$ ]] || { echo "VERIFY setup: FAIL, VERIFY_TIMEOUT_SECONDS and VERIFY_POLL_SECONDS must be whole seconds above 0, not '$VERIFY_TIMEOUT_SECONDS' and '$VERIFY_POLL_SECONDS'" >&2; false; }

# ---- The clock ---------------------------------------------------------------------------------

# One deadline for all three checks. The clock decides; the seconds slept are a lower bound of
# it that also runs out where sleep returns at once (the tests' stand-in).
VERIFY_DEADLINE=$(( $(date +%s) + VERIFY_TIMEOUT_SECONDS )); VERIFY_SLEPT=0
# Sets left to the seconds left before the deadline.
VERIFY_TIME_LEFT='left=$(( VERIFY_DEADLINE - $(date +%s) )); [ "$left" -le $(( VERIFY_TIMEOUT_SECONDS - VERIFY_SLEPT )) ] || left=$(( VERIFY_TIMEOUT_SECONDS - VERIFY_SLEPT ))'
# Sleeps one poll interval, or what is left of the time if that is less; fails once none is left.
VERIFY_WAIT='eval "$VERIFY_TIME_LEFT"; [ "$left" -gt 0 ] && nap=$(( left < VERIFY_POLL_SECONDS ? left : VERIFY_POLL_SECONDS )) && sleep "$nap" && VERIFY_SLEPT=$(( VERIFY_SLEPT + nap ))'

# ---- What should run, and where ----------------------------------------------------------------

# imagedefinitions.json is the one line the buildspec's printf writes, [{"name":"<container>",
# "imageUri":"<uri>"}], so a pattern match reads it, not python3 or jq: a container name is
# letters, digits, hyphens and underscores and an image URI has no quote or backslash, so the
# line has no JSON escapes. Anything else fails here rather than being half read.
# VerifyCommandsTest writes the file with the buildspec's own printf to keep the two in step.
read -r IMAGE_DEFINITIONS < imagedefinitions.json; VERIFY_PREFIX='[{"name":"'"$CONTAINER_NAME"'","imageUri":"'; EXPECTED_IMAGE=""; case "$IMAGE_DEFINITIONS" in "$VERIFY_PREFIX"?*'"}]') EXPECTED_IMAGE=${IMAGE_DEFINITIONS#"$VERIFY_PREFIX"}; EXPECTED_IMAGE=${EXPECTED_IMAGE%'"}]'} ;; esac; case "$EXPECTED_IMAGE" in ""|*'"'*|*'\'*) echo "VERIFY setup: FAIL, imagedefinitions.json names no image for container $CONTAINER_NAME in the one line the buildspec writes, $VERIFY_PREFIX<image>\"}]; it holds: $IMAGE_DEFINITIONS" >&2; false ;; esac
SERVICE_URL=$(aws ssm get-parameter --region "$AWS_REGION" --name "$SERVICE_URL_PARAMETER" --query Parameter.Value --output text) || { echo "VERIFY setup: FAIL, cannot read the service URL from SSM parameter $SERVICE_URL_PARAMETER" >&2; false; }
case "$SERVICE_URL" in http://?*|https://?*) ;; *) echo "VERIFY setup: FAIL, SSM parameter $SERVICE_URL_PARAMETER holds '$SERVICE_URL', not an http:// or https:// URL" >&2; false ;; esac
# With https the parameter holds the load balancer's own DNS name, which the certificate (issued
# for the application's domain) does not name. The checks therefore use https://$SERVICE_DOMAIN:
# the health check has curl connect to the load balancer for that name (--connect-to), so the
# load balancer picks the certificate by that name (SNI) and curl verifies it against it, as a
# browser would, whether or not DNS has the name yet; the smoke test gets that URL and resolves
# it itself. Without SERVICE_DOMAIN there is no name to verify the certificate against, and the
# action fails rather than skip verification. With http, SERVICE_DOMAIN is not used.
# https://curl.se/docs/manpage.html#--connect-to
SERVICE_HOST=${SERVICE_URL#*://}; SERVICE_HOST=${SERVICE_HOST%%/*}; SERVICE_HOST=${SERVICE_HOST%:*}; VERIFY_CONNECT_TO=""; case "$SERVICE_URL" in https://*) [ -n "${SERVICE_DOMAIN:-}" ] || { echo "VERIFY setup: FAIL, SSM parameter $SERVICE_URL_PARAMETER holds the https URL $SERVICE_URL, but SERVICE_DOMAIN is empty: the certificate names the application's domain, not the load balancer, so there is no name to verify it against, and the checks do not skip verification. Set the target's domainName (in cdk.json) to the name the certificate is issued for." >&2; false; } && VERIFY_CONNECT_TO="$SERVICE_DOMAIN:443:$SERVICE_HOST:443" && SERVICE_URL="https://$SERVICE_DOMAIN" ;; esac

# ---- (1) Rollout: the PRIMARY deployment completed with the image that was built ---------------

# Polls while the rollout is IN_PROGRESS with the expected image. When the circuit breaker rolls
# a deployment back, ECS makes the rollback the PRIMARY deployment, with the previous task
# definition: the image differs at once, so there is no need to wait for the rollback.
# https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html
# The PRIMARY deployment's rolloutState, task definition and rolloutStateReason, on one line; None
# when the service has no PRIMARY deployment, or does not exist (DescribeServices answers that
# with a failure, not an error). A missing field prints as None too.
VERIFY_PRIMARY_QUERY="services[0].deployments[?status=='PRIMARY'] | [0].[rolloutState, taskDefinition, rolloutStateReason]"
# The image of container CONTAINER_NAME in a task definition; None if it has no such container.
VERIFY_IMAGE_QUERY="taskDefinition.containerDefinitions[?name=='$CONTAINER_NAME'].image | [0]"
VERIFY_ERROR=""; ROLLOUT_STATE=""; ROLLOUT_REASON=""; TASK_DEFINITION=""; DEPLOYED_TASK_DEFINITION=""; DEPLOYED_IMAGE=""
while :; do PRIMARY=$(aws ecs describe-services --region "$AWS_REGION" --cluster "$CLUSTER_NAME" --services "$SERVICE_NAME" --query "$VERIFY_PRIMARY_QUERY" --output text) && [ "$PRIMARY" != None ] || { VERIFY_ERROR="cannot read the PRIMARY deployment of service $SERVICE_NAME in cluster $CLUSTER_NAME: the call failed, or the service has none or does not exist"; break; }; read -r ROLLOUT_STATE TASK_DEFINITION ROLLOUT_REASON <<< "$PRIMARY"; if [ "$TASK_DEFINITION" != "$DEPLOYED_TASK_DEFINITION" ]; then DEPLOYED_IMAGE=$(aws ecs describe-task-definition --region "$AWS_REGION" --task-definition "$TASK_DEFINITION" --query "$VERIFY_IMAGE_QUERY" --output text) && [ "$DEPLOYED_IMAGE" != None ] || { VERIFY_ERROR="cannot read container $CONTAINER_NAME of $TASK_DEFINITION"; break; }; DEPLOYED_TASK_DEFINITION=$TASK_DEFINITION; fi; [ "$ROLLOUT_STATE" = IN_PROGRESS ] && [ "$DEPLOYED_IMAGE" = "$EXPECTED_IMAGE" ] || break; eval "$VERIFY_WAIT" || break; done
[ -z "$VERIFY_ERROR" ] || { echo "VERIFY rollout: FAIL, $VERIFY_ERROR" >&2; false; }
[ "$ROLLOUT_REASON" != None ] || ROLLOUT_REASON=""
[ "$DEPLOYED_IMAGE" = "$EXPECTED_IMAGE" ] || { echo "VERIFY rollout: FAIL, the PRIMARY deployment of service $SERVICE_NAME (rolloutState $ROLLOUT_STATE, $TASK_DEFINITION) runs $DEPLOYED_IMAGE, not $EXPECTED_IMAGE from imagedefinitions.json; the deployment was rolled back or replaced" >&2; false; }
[ "$ROLLOUT_STATE" != FAILED ] || { echo "VERIFY rollout: FAIL, the PRIMARY deployment of service $SERVICE_NAME failed (${ROLLOUT_REASON:-no reason given}); it was to run $EXPECTED_IMAGE and runs $DEPLOYED_IMAGE" >&2; false; }
[ "$ROLLOUT_STATE" != IN_PROGRESS ] || { echo "VERIFY rollout: FAIL, the PRIMARY deployment of service $SERVICE_NAME is still IN_PROGRESS after ${VERIFY_TIMEOUT_SECONDS}s (running $DEPLOYED_IMAGE, expecting $EXPECTED_IMAGE)" >&2; false; }
[ "$ROLLOUT_STATE" = COMPLETED ] || { echo "VERIFY rollout: FAIL, the PRIMARY deployment of service $SERVICE_NAME has rolloutState '$ROLLOUT_STATE', not COMPLETED" >&2; false; }
echo "VERIFY rollout: PASS, service $SERVICE_NAME in cluster $CLUSTER_NAME completed its PRIMARY deployment ($TASK_DEFINITION) running $EXPECTED_IMAGE"

# ---- (2) Health: the service URL answers the health check path with 200 -------------------------

# Certificate verification stays on (see SERVICE_DOMAIN above). curl's exit status says why the
# last attempt got no answer; 60 (and 51 from older curl) means the certificate did not verify.
# https://curl.se/libcurl/c/libcurl-errors.html
HEALTH_URL="${SERVICE_URL%/}/${HEALTH_CHECK_PATH#/}"
# Each attempt may take up to 10 s, or what is left of the time (at least 1 s).
HEALTH_STATUS=""; HEALTH_EXIT=0; while :; do eval "$VERIFY_TIME_LEFT"; HEALTH_STATUS=$(curl --silent --output /dev/null --write-out '%{http_code}' ${VERIFY_CONNECT_TO:+--connect-to "$VERIFY_CONNECT_TO"} --connect-timeout 5 --max-time $(( left > 10 ? 10 : (left < 1 ? 1 : left) )) "$HEALTH_URL"); HEALTH_EXIT=$?; [ "$HEALTH_STATUS" = 200 ] && break; eval "$VERIFY_WAIT" || break; done
[ "$HEALTH_STATUS" = 200 ] || { VERIFY_WHY=""; case "$HEALTH_EXIT" in 51|60) VERIFY_WHY=": the certificate did not verify for ${SERVICE_DOMAIN:-the host}" ;; esac; echo "VERIFY health: FAIL, $HEALTH_URL${VERIFY_CONNECT_TO:+ (at $SERVICE_HOST)} did not answer 200 within ${VERIFY_TIMEOUT_SECONDS}s (last answer: $([ "${HEALTH_STATUS:-000}" = 000 ] && echo "none, curl exit status $HEALTH_EXIT$VERIFY_WHY" || echo "HTTP $HEALTH_STATUS"))" >&2; false; }
echo "VERIFY health: PASS, $HEALTH_URL answered 200${VERIFY_CONNECT_TO:+ (at $SERVICE_HOST, certificate verified for $SERVICE_DOMAIN)}"

# ---- (3) Smoke test: the application's own script, if the source has one ------------------------

# It runs from the source root with SERVICE_URL set, in the time left (at least 1 s).
SMOKE_SCRIPT="$CODEBUILD_SRC_DIR_Source/$SMOKE_TEST_PATH"; if [ ! -f "$SMOKE_SCRIPT" ]; then echo "VERIFY smoke test: SKIPPED, the source has no $SMOKE_TEST_PATH"; else eval "$VERIFY_TIME_LEFT"; [ "$left" -gt 0 ] || left=1; echo "VERIFY smoke test: running $SMOKE_TEST_PATH against $SERVICE_URL (at most ${left}s)"; (cd "$CODEBUILD_SRC_DIR_Source" && SERVICE_URL="$SERVICE_URL" timeout "$left" bash "$SMOKE_TEST_PATH"); status=$?; if [ "$status" -eq 0 ]; then echo "VERIFY smoke test: PASS, $SMOKE_TEST_PATH"; elif [ "$status" -eq 124 ]; then echo "VERIFY smoke test: FAIL, $SMOKE_TEST_PATH did not finish within ${left}s" >&2; false; else echo "VERIFY smoke test: FAIL, $SMOKE_TEST_PATH exited with status $status" >&2; false; fi; fi
