package dev.pxci.sandbox.gitea;

import java.nio.charset.StandardCharsets;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * A whole session with an in-memory simulator (org, repository, secret, variable, a JGit push from
 * an in-memory repository, a dispatched run), run as its own process by {@code
 * GiteaSimulatorInMemoryTest} so that everything the process writes can be seen. Exits 0 when every
 * step answered as expected.
 */
final class InMemoryRoundTrip {
    private InMemoryRoundTrip() {
    }

    public static void main(String[] args) throws Exception {
        try (GiteaSimulator sim = GiteaSimulator.builder().port(0).start()) {
            ApiClient admin = ApiClient.withToken(sim, sim.adminToken());
            expect(admin.call("POST", "/orgs", "{\"username\":\"infra\"}").status(), 201);
            expect(admin.call("POST", "/orgs/infra/repos", "{\"name\":\"pxci\"}").status(), 201);
            expect(admin.call("PUT", "/orgs/infra/actions/secrets/DEPLOY_KEY", "{\"data\":\"s\"}").status(), 201);
            expect(admin.call("POST", "/orgs/infra/actions/variables/HOST", "{\"value\":\"h\"}").status(), 201);
            String token = ApiClient.withPassword(sim).call("POST", "/users/gitea_admin/tokens",
                    "{\"name\":\"ci\",\"scopes\":[\"write:repository\"]}").json().get("sha1").asText();

            try (InMemoryRepository local = new InMemoryRepository(new DfsRepositoryDescription("local"));
                    Git git = Git.wrap(local)) {
                ObjectId commit = commitWorkflow(local);
                git.push().setRemote(sim.baseUrl() + "/infra/pxci.git")
                        .setRefSpecs(new RefSpec(commit.name() + ":refs/heads/main"))
                        .setCredentialsProvider(new UsernamePasswordCredentialsProvider("pxci", token)).call();
            }
            expect(admin.call("POST", "/repos/infra/pxci/actions/workflows/pipeline.yml/dispatches",
                    "{\"ref\":\"main\"}").status(), 204);
            expect(sim.runs("infra", "pxci").size(), 1);
        }
    }

    private static ObjectId commitWorkflow(InMemoryRepository local) throws Exception {
        try (ObjectInserter inserter = local.newObjectInserter()) {
            ObjectId workflow = inserter.insert(Constants.OBJ_BLOB,
                    "on: [workflow_dispatch]\njobs: {}\n".getBytes(StandardCharsets.UTF_8));
            TreeFormatter workflows = new TreeFormatter();
            workflows.append("pipeline.yml", FileMode.REGULAR_FILE, workflow);
            TreeFormatter gitea = new TreeFormatter();
            gitea.append("workflows", FileMode.TREE, inserter.insert(workflows));
            TreeFormatter root = new TreeFormatter();
            root.append(".gitea", FileMode.TREE, inserter.insert(gitea));
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(inserter.insert(root));
            PersonIdent who = new PersonIdent("t", "t@localhost");
            commit.setAuthor(who);
            commit.setCommitter(who);
            commit.setMessage("workflows");
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            return id;
        }
    }

    private static void expect(int actual, int expected) {
        if (actual != expected) {
            throw new IllegalStateException("expected " + expected + " but got " + actual);
        }
    }
}
