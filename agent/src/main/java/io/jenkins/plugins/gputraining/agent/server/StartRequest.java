package io.jenkins.plugins.gputraining.agent.server;

import io.jenkins.plugins.gputraining.model.text.PrintableText;
import io.jenkins.plugins.gputraining.model.api.ApiRequestException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gputraining.runner.parse.OutputFormat;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /api/training}, validated: every problem is a 400 naming the field.
 *
 * @param command the training command and its arguments (required)
 * @param name a human-readable name, or {@code null} (the job id)
 * @param runId the id asked for, or {@code null} to let the service choose
 * @param workingDir the working directory asked for, or {@code null} (the job's workspace)
 * @param format the agent's {@code --format}, or {@code null} (auto)
 * @param env variables for the training command
 */
record StartRequest(List<String> command, String name, String runId, String workingDir, String format,
                  Map<String, String> env) {
    static final int MAX_ARGUMENTS = 1000;
    static final int MAX_NAME_LENGTH = 200;
    private static final Set<String> FIELDS = Set.of("command", "name", "job_id", "working_dir", "format", "env");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    /**
     * The variables a request may set when commands are restricted (besides the service's {@code --allow-env}
     * patterns): which GPUs, the tracker's mode, the thread count. None of them names a file or a program.
     */
    static final List<String> DEFAULT_ALLOWED_ENV = List.of("CUDA_VISIBLE_DEVICES", "WANDB_MODE", "OMP_NUM_THREADS");
    /**
     * What a variable's value may be when commands are restricted: no path (no {@code /}), no spaces, quotes or
     * shell characters, nothing an interpreter would take for code or a file to load.
     */
    private static final Pattern SAFE_ENV_VALUE = Pattern.compile("[A-Za-z0-9._,+-]{0,256}");
    static final String SAFE_ENV_VALUE_RULE = "at most 256 of A-Z a-z 0-9 . _ , + - (no paths, spaces or shell "
            + "characters)";
    /**
     * Variables that load code, name programs or files, or change how interpreters start: refused when commands are
     * restricted, even when an {@code --allow-env} pattern lists them.
     */
    private static final Pattern RISKY_ENV = Pattern.compile("LD_.*|DYLD_.*|BASH_ENV|ENV|SHELLOPTS|BASHOPTS|PS4|IFS"
            + "|PROMPT_COMMAND|PATH|HOME|SHELL|BROWSER|EDITOR|VISUAL|PAGER|MANPAGER|GIT_.*|PYTHON.*|PERL.*|RUBY.*"
            + "|GEM_.*|NODE_.*|NPM_.*|JAVA_TOOL_OPTIONS|_JAVA_OPTIONS|JDK_JAVA_OPTIONS|CLASSPATH|GCONV_PATH|LOCPATH"
            + "|NLSPATH|OPENSSL_.*|SSL_CERT_.*|CURL_CA_BUNDLE|REQUESTS_CA_BUNDLE|CUDA_INJECTION.*|NCCL_.*PLUGIN.*"
            + "|HF_.*|HUGGINGFACE_.*|TRANSFORMERS_.*|TORCH.*|TMPDIR|XDG_.*|HOSTALIASES|RES_OPTIONS|LOCALDOMAIN"
            + "|MALLOC_.*|GLIBC_TUNABLES|TERMINFO.*|TZDIR|.*_PROXY", Pattern.CASE_INSENSITIVE);

    StartRequest {
        command = List.copyOf(command);
        env = Map.copyOf(env);
    }

    /**
     * Validates a request body.
     *
     * @param commandsRestricted whether an allow-list of commands applies: then {@code env} may only set
     *         {@link #DEFAULT_ALLOWED_ENV} and the names {@code allowedEnv} matches, to safe values
     * @param allowedEnv the service's {@code --allow-env} patterns
     * @throws ApiRequestException 400 naming the field and the problem; 403 for a variable or value the
     *         restrictions refuse
     */
    static StartRequest parse(final ObjectNode body, final boolean commandsRestricted,
                              final List<Pattern> allowedEnv) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!FIELDS.contains(field)) {
                throw ApiRequestException.badRequest("unknown field \"" + PrintableText.printable(field) + "\"; accepted: command, "
                        + "name, job_id, working_dir, format, env");
            }
        }
        JsonNode commandNode = body.get("command");
        if (commandNode == null || commandNode.isNull()) {
            throw ApiRequestException.badRequest("\"command\" is required: an array of strings, e.g. [\"python3\", \"train.py\"]");
        }
        if (!commandNode.isArray() || commandNode.isEmpty()) {
            throw ApiRequestException.badRequest("\"command\" must be a non-empty array of strings, e.g. "
                    + "[\"python3\", \"train.py\"]");
        }
        if (commandNode.size() > MAX_ARGUMENTS) {
            throw ApiRequestException.badRequest("\"command\" has " + commandNode.size() + " arguments; at most "
                    + MAX_ARGUMENTS);
        }
        List<String> command = new ArrayList<>();
        for (JsonNode argument : commandNode) {
            if (!argument.isTextual()) {
                throw ApiRequestException.badRequest("\"command\" must hold strings only; found " + argument.getNodeType()
                        .name().toLowerCase(java.util.Locale.ROOT));
            }
            if (argument.textValue().indexOf('\0') >= 0) {
                throw ApiRequestException.badRequest("\"command\" arguments must not contain NUL characters");
            }
            command.add(argument.textValue());
        }
        if (command.get(0).isBlank()) {
            throw ApiRequestException.badRequest("\"command\" must start with the program to run, not an empty string");
        }
        String name = text(body, "name");
        if (name != null && (name.length() > MAX_NAME_LENGTH || name.chars().anyMatch(Character::isISOControl))) {
            throw ApiRequestException.badRequest("\"name\" must be at most " + MAX_NAME_LENGTH
                    + " characters, without control characters");
        }
        String runId = text(body, "job_id");
        if (runId != null) {
            RunsDirectory.requireValidId(runId);
        }
        String workingDir = text(body, "working_dir");
        if (workingDir != null && (workingDir.isBlank() || workingDir.indexOf('\0') >= 0)) {
            throw ApiRequestException.badRequest("\"working_dir\" must be a non-empty path");
        }
        String format = text(body, "format");
        if (format != null) {
            try {
                OutputFormat.parse(format);
            }
            catch (IllegalArgumentException e) {
                throw ApiRequestException.badRequest("bad \"format\": " + e.getMessage());
            }
        }
        return new StartRequest(command, name, runId, workingDir, format, env(body.get("env"), commandsRestricted, allowedEnv));
    }

    private static String text(final ObjectNode body, final String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiRequestException.badRequest("\"" + field + "\" must be a string");
        }
        return value.textValue();
    }

    private static Map<String, String> env(final JsonNode node, final boolean commandsRestricted,
                                           final List<Pattern> allowedEnv) {
        Map<String, String> env = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return env;
        }
        if (!node.isObject()) {
            throw ApiRequestException.badRequest("\"env\" must be an object of strings, e.g. {\"CUDA_VISIBLE_DEVICES\": \"0\"}");
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            if (!ENV_NAME.matcher(key).matches()) {
                throw ApiRequestException.badRequest("bad \"env\" name \"" + PrintableText.printable(key)
                        + "\": letters, digits and _ only, not starting with a digit");
            }
            if (key.startsWith("GPU_TRAINING_")) {
                throw ApiRequestException.badRequest("\"env\" must not set " + key + ": the agent sets GPU_TRAINING_* itself");
            }
            if (commandsRestricted) {
                requireAllowedName(key, allowedEnv);
            }
            JsonNode value = field.getValue();
            if (!value.isTextual() && !value.isNumber() && !value.isBoolean()) {
                throw ApiRequestException.badRequest("\"env\" value of " + key + " must be a string");
            }
            String text = value.asText();
            if (text.indexOf('\0') >= 0) {
                throw ApiRequestException.badRequest("\"env\" value of " + key + " must not contain NUL characters");
            }
            if (commandsRestricted && !SAFE_ENV_VALUE.matcher(text).matches()) {
                throw ApiRequestException.forbidden("\"env\" value of " + key + " is refused on this service: it "
                        + "restricts commands (--allow-command), so a value is " + SAFE_ENV_VALUE_RULE);
            }
            env.put(key, text);
        }
        return env;
    }

    /** With restricted commands: the name must be allowed, and not one that changes what the command runs. */
    private static void requireAllowedName(final String key, final List<Pattern> allowedEnv) {
        if (RISKY_ENV.matcher(key).matches()) {
            throw ApiRequestException.forbidden("\"env\" must not set " + key + " on this service: it restricts "
                    + "commands (--allow-command), and " + key + " would change what the command runs (refused even "
                    + "when --allow-env lists it)");
        }
        if (DEFAULT_ALLOWED_ENV.contains(key) || allowedEnv.stream().anyMatch(p -> p.matcher(key).matches())) {
            return;
        }
        List<String> allowed = new ArrayList<>(DEFAULT_ALLOWED_ENV);
        allowedEnv.forEach(pattern -> allowed.add(pattern.pattern()));
        throw ApiRequestException.forbidden("\"env\" must not set " + key + " on this service: it restricts "
                + "commands (--allow-command), and then a request may set only " + String.join(", ", allowed)
                + " (serve --allow-env NAME adds names)");
    }
}
