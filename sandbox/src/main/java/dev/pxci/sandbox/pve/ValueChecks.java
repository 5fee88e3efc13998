package dev.pxci.sandbox.pve;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks one value against its schema entry with the texts of PVE's {@code JSONSchema.pm}:
 * type, enum, bounds, length, pattern and the named formats the container API uses.
 */
final class ValueChecks {

    /** A value that fails its schema entry; the message is PVE's text for the failure. */
    static final class InvalidValue extends Exception {
        InvalidValue(String message) {
            super(message, null, false, false);
        }
    }

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern LIST_SEPARATOR = Pattern.compile("[,;\\s]+");
    private static final Pattern NODE = Pattern.compile("[a-zA-Z0-9]([a-zA-Z0-9\\-]*[a-zA-Z0-9])?");
    private static final Pattern STORAGE_ID = Pattern.compile("[a-z][a-z0-9\\-_.]*[a-z0-9]");
    private static final Pattern DNS_NAME =
            Pattern.compile("([a-zA-Z0-9]([a-zA-Z0-9\\-]*[a-zA-Z0-9])?\\.)*[a-zA-Z0-9]([a-zA-Z0-9\\-]*[a-zA-Z0-9])?");
    private static final Pattern CONFIG_ID = Pattern.compile("[a-z][a-z0-9_\\-]+");
    private static final Pattern TAG = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9_\\-+.]*");
    private static final Pattern VOLUME_ID = Pattern.compile("[a-z][a-z0-9\\-_.]*[a-z0-9]:.+");
    private static final Pattern TIMEZONE = Pattern.compile("[A-Za-z0-9_+\\-/]+");
    private static final Pattern POOL_ID = Pattern.compile("[A-Za-z0-9.\\-_]+");
    private static final Pattern REALM = Pattern.compile("[A-Za-z][A-Za-z0-9.\\-_]+");
    private static final Pattern MAC = Pattern.compile("[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}");
    private static final Pattern IPV4 =
            Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:]*:[0-9a-fA-F:.]*");
    private static final Pattern DISK_SIZE = Pattern.compile("\\d+(\\.\\d+)?[KMGT]?");
    private static final Pattern STARTUP = Pattern.compile("((order=)?\\d+)?(,?(up|down)=\\d+)*");

    private ValueChecks() {
    }

    /** The value in PVE's normal form (booleans as 1/0) or the reason it is invalid. */
    static String check(ParamSpec spec, String value) throws InvalidValue {
        String normal = value;
        switch (spec.type()) {
            case "boolean" -> normal = booleanValue(value);
            case "integer" -> {
                if (!INTEGER.matcher(value).matches()) {
                    throw new InvalidValue("type check ('integer') failed - got '" + value + "'");
                }
                checkBounds(spec, Double.parseDouble(value));
            }
            case "number" -> {
                if (!NUMBER.matcher(value).matches()) {
                    throw new InvalidValue("type check ('number') failed - got '" + value + "'");
                }
                checkBounds(spec, Double.parseDouble(value));
            }
            default -> {
                // strings are checked below
            }
        }
        if (spec.enumValues() != null && !spec.enumValues().contains(normal)) {
            throw new InvalidValue("value '" + value + "' does not have a value in the enumeration '"
                    + String.join(", ", spec.enumValues()) + "'");
        }
        if (spec.maxLength() != null && value.length() > spec.maxLength()) {
            throw new InvalidValue("value may only be " + spec.maxLength() + " characters long");
        }
        if (spec.pattern() != null && !spec.pattern().matcher(value).matches()) {
            throw new InvalidValue("value does not match the regex pattern");
        }
        if (spec.format() != null) {
            checkFormat(spec.format(), value);
        }
        return normal;
    }

    static String booleanValue(String value) throws InvalidValue {
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.equals("1") || lower.equals("on") || lower.equals("yes") || lower.equals("true")) {
            return "1";
        }
        if (lower.equals("0") || lower.equals("off") || lower.equals("no") || lower.equals("false")) {
            return "0";
        }
        throw new InvalidValue("type check ('boolean') failed - got '" + value + "'");
    }

    private static void checkBounds(ParamSpec spec, double number) throws InvalidValue {
        if (spec.minimum() != null && number < spec.minimum()) {
            throw new InvalidValue("value must have a minimum value of " + plain(spec.minimum()));
        }
        if (spec.maximum() != null && number > spec.maximum()) {
            throw new InvalidValue("value must have a maximum value of " + plain(spec.maximum()));
        }
    }

    private static String plain(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static void checkFormat(String format, String value) throws InvalidValue {
        if (format.endsWith("-list")) {
            String single = format.substring(0, format.length() - "-list".length());
            for (String item : LIST_SEPARATOR.split(value.trim())) {
                if (!item.isEmpty()) {
                    checkSingleFormat(format, single, item);
                }
            }
            return;
        }
        checkSingleFormat(format, format, value);
    }

    private static void checkSingleFormat(String declared, String format, String value) throws InvalidValue {
        switch (format) {
            case "pve-vmid" -> require(INTEGER.matcher(value).matches() && !value.startsWith("0"),
                    "value does not look like a valid VM ID");
            case "pve-node" -> require(NODE.matcher(value).matches(), "value does not look like a valid node name");
            case "pve-storage-id" -> require(STORAGE_ID.matcher(value).matches(),
                    "storage ID '" + value + "' contains illegal characters");
            case "dns-name" -> require(DNS_NAME.matcher(value).matches(), "value does not look like a valid DNS name");
            case "pve-configid" -> require(CONFIG_ID.matcher(value).matches(),
                    "invalid configuration ID '" + value + "'");
            case "pve-tag" -> require(TAG.matcher(value).matches(), "invalid characters in tag");
            case "pve-volume-id" -> require(VOLUME_ID.matcher(value).matches(),
                    "unable to parse volume ID '" + value + "'");
            case "pve-ct-timezone" -> require(value.equals("host") || TIMEZONE.matcher(value).matches(),
                    "value does not look like a valid time zone");
            case "pve-poolid" -> require(POOL_ID.matcher(value).matches(), "invalid pool ID '" + value + "'");
            case "pve-realm" -> require(REALM.matcher(value).matches(), "value does not look like a valid realm");
            case "mac-addr" -> require(MAC.matcher(value).matches(), "value does not look like a valid MAC address");
            case "ipv4" -> require(IPV4.matcher(value).matches(), "value does not look like a valid IPv4 address");
            case "ipv6" -> require(IPV6.matcher(value).matches(), "value does not look like a valid IPv6 address");
            case "pve-ipv4-config" -> require(value.equals("dhcp") || value.equals("manual") || cidr(value, IPV4, 32),
                    "value does not look like a valid IPv4 network configuration");
            case "pve-ipv6-config" -> require(value.equals("dhcp") || value.equals("manual") || value.equals("auto")
                    || cidr(value, IPV6, 128), "value does not look like a valid IPv6 network configuration");
            case "lxc-ip-with-ll-iface" -> {
                String address = value.contains("%") ? value.substring(0, value.indexOf('%')) : value;
                require(IPV4.matcher(address).matches() || IPV6.matcher(address).matches(),
                        "unable to parse IP address '" + value + "'");
            }
            case "disk-size" -> require(DISK_SIZE.matcher(value).matches(), "unable to parse size '" + value + "'");
            case "pve-startup-order" -> require(STARTUP.matcher(value).matches(), "invalid format - " + value);
            case "pve-storage-content" -> require(
                    java.util.Set.of("images", "rootdir", "vztmpl", "backup", "iso", "snippets", "import")
                            .contains(value), "invalid content type '" + value + "'");
            case "pve-task-status-type" -> require(
                    java.util.Set.of("ok", "error", "warning", "unknown").contains(value),
                    "value '" + value + "' does not have a value in the enumeration 'ok, error, warning, unknown'");
            default -> {
                // formats the container API does not constrain further (paths, privilege lists)
            }
        }
        if (declared.equals("pve-tag-list")) {
            require(TAG.matcher(value).matches(), "invalid characters in tag");
        }
    }

    private static boolean cidr(String value, Pattern address, int maxPrefix) {
        int slash = value.indexOf('/');
        if (slash < 0) {
            return false;
        }
        String prefix = value.substring(slash + 1);
        return address.matcher(value.substring(0, slash)).matches()
                && INTEGER.matcher(prefix).matches() && Integer.parseInt(prefix) <= maxPrefix;
    }

    private static void require(boolean condition, String message) throws InvalidValue {
        if (!condition) {
            throw new InvalidValue(message);
        }
    }
}
