package dev.pxci.domain;

import dev.pxci.domain.config.Deployment;
import dev.pxci.domain.config.DeploymentLoader;
import dev.pxci.domain.config.SourceText;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Deployments written the way users write them: env text. */
final class Declarations {
    private Declarations() {
    }

    static String env(int id, String host, String... extra) {
        StringBuilder s = new StringBuilder("ID=" + id + "\nHOSTNAME=" + host + "\nIP=10.0.0." + (id % 250) + "\n");
        for (String line : extra) {
            s.append(line).append('\n');
        }
        return s.toString();
    }

    static Deployment deployment(String... envTexts) {
        List<SourceText> files = new ArrayList<>();
        for (int i = 0; i < envTexts.length; i++) {
            files.add(new SourceText("ct" + i + ".env", envTexts[i]));
        }
        return DeploymentLoader.directory(Optional.empty(), files);
    }
}
