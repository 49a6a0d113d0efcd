package dev.pitwall.app.containers;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Says in the build output why a container IT did not run; {@code @Testcontainers(disabledWithoutDocker = true)}
 * skips just as well but silently.
 */
public final class PrintSkipWithoutDocker implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (DockerClientFactory.instance().isDockerAvailable()) {
            return ConditionEvaluationResult.enabled("a Docker engine answers");
        }
        String why = "no Docker engine answers (DOCKER_HOST unset and no /var/run/docker.sock): "
                + context.getDisplayName() + " runs on a machine with Docker";
        System.out.println("[skip] " + why);
        return ConditionEvaluationResult.disabled(why);
    }
}
