package dev.pxci.sandbox.pve;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * API tokens besides the built-in {@code root@pam!pxci}, and the access control list, as
 * pve-access-control keeps them. The only user is {@code root@pam}, who holds every privilege
 * everywhere; a token without privilege separation ({@code privsep=0}, as the built-in one) has its
 * user's privileges, a token with it ({@code privsep=1}, PVE's default) only those its own ACL
 * entries grant (the intersection with root's, which is all). On each level of a path the entries
 * of a token replace what it inherits from above, and an entry without {@code propagate} counts on
 * its own path only. Tokens and ACL live as long as the simulator process. Thread-safe.
 */
final class AccessControl {

    /** The paths {@code GET /access/permissions} reports without a {@code path}, besides those of the ACL. */
    private static final List<String> DEFAULT_PATHS = List.of("/", "/access", "/access/groups", "/nodes", "/pool",
            "/sdn", "/storage", "/vms");
    private static final Pattern TOKEN_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9._-]*");

    /** One token: its user, name, secret and whether its privileges are separated from its user's. */
    record Token(String user, String name, String secret, boolean privsep, long expire, String comment) {
        String id() {
            return user + "!" + name;
        }
    }

    /** One ACL entry: a role granted on a path to a token (full token id) or a user. */
    record Entry(String path, String ugid, String type, String role, boolean propagate) {
    }

    /** The access-control endpoints of pve-access-control that the reduced schema file lacks, with their parameters. */
    static Map<String, Map<String, ParamSpec>> endpoints() {
        Map<String, Map<String, ParamSpec>> out = new LinkedHashMap<>();
        out.put("GET /access/permissions", parameters(List.of(), List.of("path", "userid"), List.of()));
        out.put("GET /access/acl", parameters(List.of(), List.of(), List.of()));
        out.put("PUT /access/acl", parameters(List.of("path", "roles"), List.of("users", "groups", "tokens"),
                List.of("propagate", "delete")));
        out.put("POST /access/users/{userid}/token/{tokenid}", parameters(List.of("userid", "tokenid"),
                List.of("comment", "expire"), List.of("privsep")));
        return out;
    }

    private static Map<String, ParamSpec> parameters(List<String> required, List<String> optional, List<String> flags) {
        Map<String, ParamSpec> out = new LinkedHashMap<>();
        required.forEach(name -> out.put(name, new ParamSpec("string", false, null, null, null, null, null, null, null,
                false, null)));
        optional.forEach(name -> out.put(name, ParamSpec.optionalString()));
        flags.forEach(name -> out.put(name, new ParamSpec("boolean", true, null, null, null, null, null, null, null,
                false, null)));
        return out;
    }

    private final Map<String, Token> tokens = new LinkedHashMap<>();
    private final List<Entry> acl = new ArrayList<>();

    /**
     * {@code POST /access/users/{userid}/token/{tokenid}}: a new token, made by its user logged in
     * with a ticket or by whoever holds {@code User.Modify} on {@code /access/users/USER}.
     */
    synchronized Map<String, Object> addToken(Access.Identity caller, String userid, String name, String privsep,
            String expire, String comment) {
        if (!Access.ROOT.equals(userid)) {
            throw PveApiException.serverError("no such user ('" + userid + "')");
        }
        boolean self = caller.viaTicket() && caller.user().equals(userid);
        if (!self) {
            require(caller, "/access/users/" + userid, "User.Modify");
        }
        if (!TOKEN_NAME.matcher(name).matches()) {
            throw PveApiException.parameter("tokenid", "invalid format - invalid API token identifier");
        }
        String id = userid + "!" + name;
        if (tokens.containsKey(id) || Access.TOKEN_NAME.equals(name)) {
            throw PveApiException.serverError("Token already exists.");
        }
        Token token = new Token(userid, name, UUID.randomUUID().toString(), !"0".equals(privsep),
                expire == null ? 0 : Long.parseLong(expire), comment);
        tokens.put(id, token);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("privsep", token.privsep() ? 1 : 0);
        info.put("expire", token.expire());
        if (comment != null) {
            info.put("comment", comment);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("full-tokenid", id);
        out.put("info", info);
        out.put("value", token.secret());
        return out;
    }

    synchronized Optional<Token> token(String user, String name) {
        return Optional.ofNullable(tokens.get(user + "!" + name));
    }

    /** {@code PUT /access/acl}: grants (or with {@code delete} removes) roles on a path to tokens and users. */
    synchronized void modifyAcl(Access.Identity caller, Map<String, String> params) {
        String path = normalise(params.get("path"));
        require(caller, path, "Permissions.Modify");
        boolean propagate = !"0".equals(params.get("propagate"));
        boolean delete = "1".equals(params.get("delete"));
        List<String[]> subjects = new ArrayList<>();
        for (String tokenId : list(params.get("tokens"))) {
            int bang = tokenId.indexOf('!');
            if (bang < 0 || !tokens.containsKey(tokenId)) {
                throw PveApiException.serverError("unable to " + (delete ? "remove" : "add") + " permission for token '"
                        + tokenId + "' - token does not exist");
            }
            subjects.add(new String[] {tokenId, "token"});
        }
        for (String user : list(params.get("users"))) {
            if (!Access.ROOT.equals(user)) {
                throw PveApiException.serverError("user '" + user + "' does not exist");
            }
            subjects.add(new String[] {user, "user"});
        }
        for (String role : list(params.get("roles"))) {
            Privileges.ofRole(role);
            for (String[] subject : subjects) {
                acl.removeIf(e -> e.path().equals(path) && e.ugid().equals(subject[0]) && e.role().equals(role));
                if (!delete) {
                    acl.add(new Entry(path, subject[0], subject[1], role, propagate));
                }
            }
        }
    }

    /** {@code GET /access/acl}: the entries, as PVE lists them. */
    synchronized List<Map<String, Object>> aclList() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Entry entry : acl) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("path", entry.path());
            item.put("ugid", entry.ugid());
            item.put("type", entry.type());
            item.put("roleid", entry.role());
            item.put("propagate", entry.propagate() ? 1 : 0);
            out.add(item);
        }
        return out;
    }

    /**
     * {@code GET /access/permissions}: path → privilege → 1 when it propagates to paths below, 0
     * when not; for one {@code path}, or for the default paths and those of the ACL (empty ones left out).
     */
    synchronized Map<String, Map<String, Integer>> permissions(Access.Identity caller, String userid, String path) {
        Access.Identity subject = caller;
        if (userid != null && !userid.equals(caller.upidUser())) {
            if (hasSeparatedPrivileges(caller) && !privileges(caller, "/access").containsKey("Sys.Audit")) {
                throw new PveApiException(403, "Permission check failed (/access, Sys.Audit)");
            }
            int bang = userid.indexOf('!');
            subject = bang < 0 ? new Access.Identity(userid, null)
                    : new Access.Identity(userid.substring(0, bang), userid.substring(bang + 1));
        }
        Map<String, Map<String, Integer>> out = new TreeMap<>();
        if (path != null) {
            out.put(path, flags(privileges(subject, normalise(path))));
            return out;
        }
        Set<String> paths = new LinkedHashSet<>(DEFAULT_PATHS);
        acl.forEach(e -> paths.add(e.path()));
        for (String each : paths) {
            Map<String, Boolean> privileges = privileges(subject, each);
            if (!privileges.isEmpty()) {
                out.put(each, flags(privileges));
            }
        }
        return out;
    }

    /** Fails with PVE's 403 text unless {@code who} holds {@code privilege} on {@code path}. */
    synchronized void require(Access.Identity who, String path, String privilege) {
        if (!privileges(who, path).containsKey(privilege)) {
            throw new PveApiException(403, "Permission check failed (" + path + ", " + privilege + ")");
        }
    }

    /** Whether {@code who} holds any of {@code privileges} on {@code path}. */
    synchronized boolean holdsAny(Access.Identity who, String path, Set<String> privileges) {
        Map<String, Boolean> held = privileges(who, path);
        return privileges.stream().anyMatch(held::containsKey);
    }

    /** Whether {@code who} is a token whose privileges come from its own ACL entries. */
    synchronized boolean hasSeparatedPrivileges(Access.Identity who) {
        return !who.viaTicket() && token(who.user(), who.tokenName()).map(Token::privsep).orElse(false);
    }

    /** Privilege → propagates, for {@code who} on {@code path}. */
    private Map<String, Boolean> privileges(Access.Identity who, String path) {
        Map<String, Boolean> out = new TreeMap<>();
        if (!hasSeparatedPrivileges(who)) {
            if (Access.ROOT.equals(who.user())) {
                Privileges.ALL.forEach(p -> out.put(p, true));
            }
            return out;
        }
        String ugid = who.upidUser();
        for (String level : levels(path)) {
            boolean own = level.equals(path);
            List<Entry> here = acl.stream()
                    .filter(e -> e.path().equals(level) && e.ugid().equals(ugid) && (own || e.propagate()))
                    .toList();
            if (!here.isEmpty()) {
                out.clear();
                for (Entry entry : here) {
                    Privileges.ofRole(entry.role()).forEach(p -> out.merge(p, entry.propagate(), Boolean::logicalOr));
                }
            }
        }
        return out;
    }

    private static Map<String, Integer> flags(Map<String, Boolean> privileges) {
        Map<String, Integer> out = new TreeMap<>();
        privileges.forEach((privilege, propagate) -> out.put(privilege, propagate ? 1 : 0));
        return out;
    }

    /** {@code /}, {@code /vms}, {@code /vms/100} for {@code /vms/100}. */
    private static List<String> levels(String path) {
        List<String> out = new ArrayList<>(List.of("/"));
        StringBuilder prefix = new StringBuilder();
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                prefix.append('/').append(segment);
                out.add(prefix.toString());
            }
        }
        return out;
    }

    private static String normalise(String path) {
        String trimmed = path == null ? "/" : path.trim();
        while (trimmed.length() > 1 && trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.startsWith("/") ? trimmed : "/" + trimmed;
    }

    private static List<String> list(String value) {
        List<String> out = new ArrayList<>();
        if (value != null) {
            for (String item : value.split("[,;\\s]+")) {
                if (!item.isEmpty()) {
                    out.add(item);
                }
            }
        }
        return out;
    }
}
