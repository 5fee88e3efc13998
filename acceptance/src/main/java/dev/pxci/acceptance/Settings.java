package dev.pxci.acceptance;

import dev.pxci.ports.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the {@link Variable}s say, validated. {@link #from} is empty when none of the required
 * variables is set (the suite is then skipped) and fails naming every variable that is missing or
 * malformed when only some are.
 */
record Settings(
        String url,
        String tokenId,
        Secret secret,
        IdRange ids,
        String node,
        String storage,
        String template,
        String bridge,
        Optional<String> fingerprint,
        Optional<Path> caFile,
        Optional<Path> sshKey,
        Optional<Path> secretsFile,
        Optional<Subnet> subnet,
        Optional<String> giteaUrl,
        Optional<Path> cli,
        Optional<Path> work,
        boolean go) {

    static final int MAX_IDS = 100;
    private static final Pattern TOKEN_ID = Pattern.compile("[^\\s:/@!]+@[A-Za-z][A-Za-z0-9._-]*![A-Za-z][A-Za-z0-9._-]*");
    private static final Pattern RANGE = Pattern.compile("(\\d+)\\s*-\\s*(\\d+)");
    private static final Pattern SUBNET = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

    /** The ids the suite may use, inclusive. */
    record IdRange(int first, int last) {
        boolean contains(int vmid) {
            return vmid >= first && vmid <= last;
        }

        int size() {
            return last - first + 1;
        }

        @Override
        public String toString() {
            return first + "-" + last;
        }
    }

    /** An IPv4 test subnet; container {@code n} of the suite gets host address {@code n + 10}. */
    record Subnet(long network, int prefix) {
        String address(int index) {
            return dotted(network + 10 + index) + "/" + prefix;
        }

        String gateway() {
            return dotted(network + 1);
        }

        private static String dotted(long value) {
            return ((value >> 24) & 255) + "." + ((value >> 16) & 255) + "." + ((value >> 8) & 255) + "." + (value & 255);
        }
    }

    /** A variable that is missing or malformed; the message names them all. */
    static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    static Optional<Settings> from(Map<String, String> environment) {
        List<Variable> required = List.of(Variable.URL, Variable.TOKEN, Variable.SECRET, Variable.IDS);
        if (required.stream().allMatch(v -> v.in(environment).isEmpty())) {
            return Optional.empty();
        }
        List<String> problems = new ArrayList<>();
        for (Variable variable : required) {
            if (variable.in(environment).isEmpty()) {
                problems.add(variable.variableName() + " is not set (" + variable.description() + ")");
            }
        }
        String url = Variable.URL.in(environment).orElse("");
        if (!url.isEmpty() && !url.startsWith("https://")) {
            problems.add(Variable.URL.variableName() + " is '" + url + "', which is not an https URL");
        }
        String token = Variable.TOKEN.in(environment).orElse("");
        if (!token.isEmpty() && !TOKEN_ID.matcher(token).matches()) {
            problems.add(Variable.TOKEN.variableName() + " is '" + token + "', which is not USER@REALM!NAME (root@pam!ci)");
        }
        IdRange ids = ids(Variable.IDS.in(environment).orElse(""), problems);
        Optional<Subnet> subnet = Variable.SUBNET.in(environment).flatMap(raw -> subnet(raw, problems));
        Optional<Path> caFile = file(Variable.CA_FILE, environment, problems);
        Optional<Path> sshKey = file(Variable.SSH_KEY, environment, problems);
        Optional<Path> secretsFile = file(Variable.SECRETS, environment, problems);
        Optional<String> fingerprint = Variable.FINGERPRINT.in(environment);
        if (fingerprint.isPresent() && caFile.isPresent()) {
            problems.add(Variable.FINGERPRINT.variableName() + " and " + Variable.CA_FILE.variableName()
                    + " are exclusive: pin the certificate or trust a CA");
        }
        if (!problems.isEmpty()) {
            throw new Invalid("the acceptance settings are incomplete: " + String.join("; ", problems));
        }
        return Optional.of(new Settings(url, token, Secret.of(Variable.SECRET.in(environment).orElseThrow()), ids,
                Variable.NODE.in(environment).orElseThrow(), Variable.STORAGE.in(environment).orElseThrow(),
                Variable.TEMPLATE.in(environment).orElseThrow(), Variable.BRIDGE.in(environment).orElseThrow(),
                fingerprint, caFile, sshKey, secretsFile, subnet, Variable.GITEA_URL.in(environment),
                Variable.CLI.in(environment).map(Path::of), Variable.WORK.in(environment).map(Path::of),
                Variable.GO.in(environment).orElseThrow().equalsIgnoreCase("yes")));
    }

    /** The user part of the token id, {@code root@pam} of {@code root@pam!ci}. */
    String tokenUser() {
        return tokenId.substring(0, tokenId.indexOf('!'));
    }

    /** The storage part of the template's volume id, {@code local} of {@code local:vztmpl/...}. */
    String templateStorage() {
        int colon = template.indexOf(':');
        return colon < 0 ? "local" : template.substring(0, colon);
    }

    /** {@code text} with the token secret replaced by {@code ***}. */
    String scrub(String text) {
        return secret.redactIn(text);
    }

    private static IdRange ids(String raw, List<String> problems) {
        if (raw.isEmpty()) {
            return new IdRange(0, 0);
        }
        Matcher m = RANGE.matcher(raw);
        String accepted = "FIRST-LAST within 100-999999999 holding 2 to " + MAX_IDS + " ids (9900-9909)";
        if (!m.matches() || m.group(1).length() > 9 || m.group(2).length() > 9) {
            problems.add(Variable.IDS.variableName() + " is '" + raw + "', which is not " + accepted);
            return new IdRange(0, 0);
        }
        IdRange range = new IdRange(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        if (range.first() < 100 || range.size() < 2 || range.size() > MAX_IDS) {
            problems.add(Variable.IDS.variableName() + " is '" + raw + "', which is not " + accepted
                    + ": the suite needs its container's id and one for the holder of its shares");
        }
        return range;
    }

    private static Optional<Subnet> subnet(String raw, List<String> problems) {
        Matcher m = SUBNET.matcher(raw);
        if (m.matches()) {
            long value = 0;
            boolean octets = true;
            for (int i = 1; i <= 4; i++) {
                int octet = Integer.parseInt(m.group(i));
                octets &= octet <= 255;
                value = (value << 8) | octet;
            }
            int prefix = Integer.parseInt(m.group(5));
            if (octets && prefix >= 8 && prefix <= 27) {
                long mask = (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
                return Optional.of(new Subnet(value & mask, prefix));
            }
        }
        problems.add(Variable.SUBNET.variableName() + " is '" + raw + "', which is not an IPv4 subnet a.b.c.d/8..27");
        return Optional.empty();
    }

    private static Optional<Path> file(Variable variable, Map<String, String> environment, List<String> problems) {
        Optional<Path> file = variable.in(environment).map(Path::of);
        if (file.isPresent() && !Files.isReadable(file.get())) {
            problems.add(variable.variableName() + " names '" + file.get() + "', which is not a readable file");
        }
        return file;
    }

    @Override
    public String toString() {
        return "Settings[" + url + ", " + tokenId + ", ids " + ids + ", node " + node + "]";
    }
}
