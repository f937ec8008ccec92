# The training's wrapper (docs/agent.md, "Durable output and liveness"). The agent starts it as
#   setsid /bin/sh STATE_DIR/wrapper.sh STATE_DIR WATCHDOG -- COMMAND ARGS...
# with stdout and stderr on the run's output.log (opened for appending, so the training writes its output there
# itself and loses none when the agent dies) and stdin on a pipe from the agent, which nobody writes: it ends when the
# agent dies, or once the agent has seen the wrapper exit. It leads the training's process
# group, runs the command, and records the command's exit code in STATE_DIR/exit-code for an agent that attaches
# later. With WATCHDOG "on" it also stops the whole group when the agent dies. Redirections that may fail (a full
# disk) go on regular built-ins only: a failed one on a special built-in would end the shell.
state=$1
watchdog=$2
shift 3
group=$$
exec 3<&0 0</dev/null
if [ "$watchdog" = on ]; then
  # The pipe from the agent ends when the agent dies, or when the agent's JVM has seen this wrapper exit. With the
  # wrapper still there, the agent died: stop the whole group now. Otherwise the command ended, and the agent stops
  # what is left of its group after a grace of 1 s; the watchdog does so after 2 s, in case the agent died meanwhile.
  # The watchdog leaves the group (setsid), so that pausing the training (SIGSTOP to the group) does not stop it too.
  leave=
  if command -v setsid >/dev/null 2>&1; then leave=setsid; fi
  $leave /bin/sh -c '
    while IFS= read -r line; do :; done
    if kill -0 "$1" 2>/dev/null; then
      true 2>/dev/null >"$2/stopped-by-watchdog"
      kill -s CONT -- "-$1" 2>/dev/null
    else
      sleep 2
    fi
    kill -s TERM -- "-$1" 2>/dev/null || exit 0
    sleep 1
    kill -s KILL -- "-$1" 2>/dev/null' gpu-training-watchdog "$group" "$state" <&3 3<&- &
fi
exec 3<&-
# The wrapper outlives the signals the agent sends the group (a cancel's SIGTERM): it must record the exit code.
trap : HUP INT QUIT TERM USR1 USR2
# The command's pid goes over the reserved bytes of command.pid: no new disk space needed.
/bin/sh -c 'printf "%s\n" "$$" 2>/dev/null 1<>"$0"; exec "$@"' "$state/command.pid" "$@"
code=$?
printf '%s\n' "$code" 2>/dev/null 1<>"$state/exit-code.tmp" && mv -f "$state/exit-code.tmp" "$state/exit-code"
exit "$code"
