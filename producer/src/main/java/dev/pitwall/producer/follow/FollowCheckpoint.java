package dev.pitwall.producer.follow;

import dev.pitwall.producer.replay.ReplayCheckpoints;
import dev.pitwall.producer.replay.TransactionalProducer;
import dev.pitwall.schemas.avro.ProducerCheckpoint;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What {@code pitwall follow} has done of a season, on {@code f1.producer.checkpoints} like every producer
 * job (job {@code follow/<season>}; {@code cursors} maps each action done to when it was done). Written by a
 * transactional producer whose id is the job's, so a second follower of the same season fences the first.
 * Each action is itself exactly once (a live follow, a replay and an archive replay each checkpoint their own
 * records), so an action redone after a crash between its end and this record adds nothing.
 */
public final class FollowCheckpoint implements AutoCloseable {
    private final String job;
    private final TransactionalProducer producer;
    private final Map<String, String> done = new HashMap<>();
    private final String runId;

    public FollowCheckpoint(Map<String, Object> kafkaProps, int season) {
        this.job = "follow/" + season;
        this.producer = new TransactionalProducer(kafkaProps, "pitwall-follow-" + season, null);
        // fence a killed or running predecessor before reading what it committed
        producer.initialise();
        ProducerCheckpoint last = ReplayCheckpoints.latest(kafkaProps, job).orElse(null);
        if (last != null) {
            done.putAll(last.getCursors());
        }
        this.runId = last == null ? UUID.randomUUID().toString() : last.getRunId();
    }

    public String job() {
        return job;
    }

    public synchronized Set<String> done() {
        return Set.copyOf(done.keySet());
    }

    /** Records {@code actionId} as done at {@code when}; throws ProducerFencedException when another follower took over. */
    public synchronized void markDone(String actionId, Instant when) {
        Map<String, String> next = new HashMap<>(done);
        next.put(actionId, when.toString());
        ProducerCheckpoint checkpoint = ProducerCheckpoint.newBuilder().setJob(job).setRunId(runId).setCompletedRounds(List.of())
                .setCompletedSessions(List.of()).setOpenSession(null).setOpenSessionLaps(0).setFinished(false)
                .setUpdatedAtMs(System.currentTimeMillis()).setCursors(next).setSent(Map.of()).build();
        producer.commit(send -> { }, checkpoint);
        done.put(actionId, when.toString());
    }

    @Override
    public void close() {
        producer.close();
    }
}
