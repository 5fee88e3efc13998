package dev.pxci.sandbox.standin;

import dev.pxci.sandbox.gitea.GiteaAdministration;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Gitea commands that change or read a Gitea's accounts and tokens, with Gitea's flags,
 * output and exit codes ({@code cmd/admin_user_*.go}, {@code cmd/actions.go}): {@code admin user
 * create}, {@code admin user list}, {@code admin user generate-access-token}, {@code admin user
 * change-password}, {@code actions
 * generate-runner-token}. They run where the state is: in the web process when it runs, else here.
 */
final class GiteaCommands {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PASSWORD_CHARACTERS =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private GiteaCommands() {
    }

    /** Whether {@code command} is one of these; {@code needsWeb} ones ask the running web server, as Gitea does. */
    static boolean handles(CommandLine command) {
        return isUserCommand(command) || isRunnerTokenCommand(command);
    }

    static boolean needsWeb(CommandLine command) {
        return isRunnerTokenCommand(command);
    }

    private static boolean isUserCommand(CommandLine c) {
        return c.word(0).equals("admin") && c.word(1).equals("user")
                && List.of("create", "list", "generate-access-token", "change-password").contains(c.word(2));
    }

    private static boolean isRunnerTokenCommand(CommandLine c) {
        return c.word(0).equals("actions") && List.of("generate-runner-token", "grt").contains(c.word(1));
    }

    static Outcome execute(CommandLine c, GiteaAdministration admin) {
        try {
            if (isRunnerTokenCommand(c)) {
                return Outcome.ok(admin.runnerToken(c.value("scope", "")) + "\n");
            }
            return switch (c.word(2)) {
                case "create" -> create(c, admin);
                case "list" -> list(c, admin);
                case "change-password" -> changePassword(c, admin);
                default -> generateAccessToken(c, admin);
            };
        } catch (GiteaAdministration.Refused e) {
            return Outcome.commandError(e.getMessage());
        }
    }

    private static Outcome create(CommandLine c, GiteaAdministration admin) {
        if (!c.isSet("email")) {
            return Outcome.commandError("email not set");
        }
        if (c.isSet("name") && c.isSet("username")) {
            return Outcome.commandError("cannot set both --name and --username flags");
        }
        if (!c.isSet("name") && !c.isSet("username")) {
            return Outcome.commandError("one of --name or --username flags must be set");
        }
        if (c.isSet("password") && c.isSet("random-password")) {
            return Outcome.commandError("cannot set both -random-password and -password flags");
        }
        String username = c.value("username").or(() -> c.value("name")).orElseThrow();
        StringBuilder out = new StringBuilder();
        String password;
        if (c.isSet("password")) {
            password = c.value("password", "");
        } else if (c.bool("random-password")) {
            password = randomPassword(Integer.parseInt(c.value("random-password-length", "12")));
            out.append("generated random password is '").append(password).append("'\n");
        } else {
            return Outcome.commandError("must set either password or random-password flag");
        }
        Optional<Boolean> mustChange = c.value("must-change-password").map(Boolean::parseBoolean);
        admin.createUser(username, c.value("email", ""), password, c.bool("admin"), mustChange);
        if (c.bool("access-token")) {
            String token = admin.generateAccessToken(username, c.value("access-token-name", "gitea-admin"),
                    c.value("access-token-scopes", "all"));
            out.append("Access token was successfully created... ").append(token).append('\n');
        }
        out.append("New user '").append(username).append("' has been successfully created!\n");
        return Outcome.ok(out.toString());
    }

    private static Outcome list(CommandLine c, GiteaAdministration admin) {
        List<List<String>> rows = new ArrayList<>();
        boolean adminsOnly = c.isSet("admin");
        rows.add(adminsOnly ? List.of("ID", "Username", "Email", "IsActive")
                : List.of("ID", "Username", "Email", "IsActive", "IsAdmin", "2FA"));
        for (GiteaAdministration.Account a : admin.users()) {
            if (adminsOnly && a.admin()) {
                rows.add(List.of(Long.toString(a.id()), a.name(), a.email(), Boolean.toString(a.active())));
            } else if (!adminsOnly) {
                rows.add(List.of(Long.toString(a.id()), a.name(), a.email(), Boolean.toString(a.active()),
                        Boolean.toString(a.admin()), "false"));
            }
        }
        return Outcome.ok(table(rows));
    }

    /** Go's tabwriter as Gitea sets it up: cells padded by one space to at least five characters. */
    private static String table(List<List<String>> rows) {
        int columns = rows.get(0).size();
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            for (int i = 0; i < columns - 1; i++) {
                widths[i] = Math.max(widths[i], Math.max(5, row.get(i).length() + 1));
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            for (int i = 0; i < columns - 1; i++) {
                out.append(row.get(i)).append(" ".repeat(widths[i] - row.get(i).length()));
            }
            out.append(row.get(columns - 1)).append('\n');
        }
        return out.toString();
    }

    private static Outcome changePassword(CommandLine c, GiteaAdministration admin) {
        if (!c.isSet("username") || !c.isSet("password")) {
            return Outcome.commandError("username and password must be set");
        }
        String user = c.value("username", "");
        admin.changePassword(user, c.value("password", ""), c.value("must-change-password").map(Boolean::parseBoolean)
                .orElse(true));
        return Outcome.ok(user + "'s password has been successfully updated!\n");
    }

    private static Outcome generateAccessToken(CommandLine c, GiteaAdministration admin) {
        if (!c.isSet("username")) {
            return Outcome.commandError("You must provide a username to generate a token for");
        }
        String token = admin.generateAccessToken(c.value("username", ""), c.value("token-name", "gitea-admin"),
                c.value("scopes", ""));
        return Outcome.ok(c.bool("raw") ? token + "\n" : "Access token was successfully created: " + token + "\n");
    }

    private static String randomPassword(int length) {
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < Math.max(length, 1); i++) {
            password.append(PASSWORD_CHARACTERS.charAt(RANDOM.nextInt(PASSWORD_CHARACTERS.length())));
        }
        return password.toString();
    }
}
