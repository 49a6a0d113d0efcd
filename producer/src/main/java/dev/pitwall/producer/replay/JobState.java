package dev.pitwall.producer.replay;

import dev.pitwall.schemas.avro.ProducerCheckpoint;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What a replay job has committed so far, as carried by its checkpoints. A job resumes from its last
 * checkpoint only when that checkpoint is not finished: running a finished job again replays
 * everything (the user asked again; downstream deduplicates).
 */
final class JobState {
    final String job;
    final String runId;
    final boolean resumed;
    private final Set<Integer> completedRounds = new LinkedHashSet<>();
    private final Set<String> completedSessions = new LinkedHashSet<>();
    private String openSession;
    private long openSessionLaps;

    private JobState(String job, String runId, boolean resumed) {
        this.job = job;
        this.runId = runId;
        this.resumed = resumed;
    }

    static JobState from(String job, Optional<ProducerCheckpoint> latest) {
        if (latest.isEmpty() || latest.get().getFinished()) {
            return new JobState(job, UUID.randomUUID().toString(), false);
        }
        ProducerCheckpoint checkpoint = latest.get();
        JobState state = new JobState(job, checkpoint.getRunId(), true);
        state.completedRounds.addAll(checkpoint.getCompletedRounds());
        state.completedSessions.addAll(checkpoint.getCompletedSessions());
        state.openSession = checkpoint.getOpenSession();
        state.openSessionLaps = checkpoint.getOpenSessionLaps();
        return state;
    }

    boolean roundDone(int round) {
        return completedRounds.contains(round);
    }

    int roundsDone() {
        return completedRounds.size();
    }

    int sessionsDone() {
        return completedSessions.size();
    }

    boolean sessionDone(String sessionKey) {
        return completedSessions.contains(sessionKey);
    }

    /** Laps of this session already committed by a paced, interrupted run (timeline order). */
    long lapsAlreadySent(String sessionKey) {
        return sessionKey.equals(openSession) ? openSessionLaps : 0;
    }

    /** The checkpoint once a part of a paced session has committed, {@code lapsSent} in total. */
    ProducerCheckpoint partSent(String sessionKey, long lapsSent) {
        openSession = sessionKey;
        openSessionLaps = lapsSent;
        return checkpoint(false);
    }

    /** The checkpoint once the session is complete, and its round too when {@code roundComplete}. */
    ProducerCheckpoint sessionSent(String sessionKey, int round, boolean roundComplete) {
        completedSessions.add(sessionKey);
        if (roundComplete) {
            completedRounds.add(round);
        }
        openSession = null;
        openSessionLaps = 0;
        return checkpoint(false);
    }

    ProducerCheckpoint finished() {
        return checkpoint(true);
    }

    private ProducerCheckpoint checkpoint(boolean finished) {
        return ProducerCheckpoint.newBuilder()
                .setJob(job)
                .setRunId(runId)
                .setCompletedRounds(new ArrayList<>(completedRounds))
                .setCompletedSessions(new ArrayList<>(completedSessions))
                .setOpenSession(openSession)
                .setOpenSessionLaps(openSessionLaps)
                .setFinished(finished)
                .setUpdatedAtMs(System.currentTimeMillis())
                .build();
    }
}
