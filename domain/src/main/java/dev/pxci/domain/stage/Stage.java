package dev.pxci.domain.stage;

import dev.pxci.domain.config.Deployment;
import dev.pxci.ports.run.StageReport;
import java.util.List;

/**
 * One step of the lifecycle, run for every container of a deployment. In {@link Mode#PLAN} and
 * {@link Mode#VERIFY} a stage only reads. {@link Mode#APPLY} twice in a row reports
 * {@code UNCHANGED} the second time. A stage reports failures in its reports rather than
 * throwing, so that what was done for other containers is kept and reported.
 */
public interface Stage {

    /** The stage's name, as given to {@code --stage}. */
    String name();

    /** Runs the stage for every container of the deployment; one report per container, in declaration order. */
    List<StageReport> run(Deployment deployment, Mode mode, StageContext context);
}
