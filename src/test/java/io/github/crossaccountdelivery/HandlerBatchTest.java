package io.github.crossaccountdelivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A handler batch starts once, whoever asks first: the test run's start or its own class. */
@WithoutCdk
class HandlerBatchTest {

    private final List<Path> started = new ArrayList<>();
    private final HandlerBatch.Once<Nothing> batch = new HandlerBatch.Once<>(() -> {
        Path workdir = Files.createTempDirectory("handler-batch-test-");
        started.add(workdir);
        return new HandlerBatch.Running<>(List.of(), System.nanoTime(), Nothing.class, workdir);
    });

    @Test
    void aBatchStartedAsTheRunStartsIsNotStartedAgainByItsClass() throws Exception {
        batch.start();
        batch.start();
        HandlerBatch<Nothing> first = batch.finish();

        assertThat(batch.finish()).isSameAs(first);
        assertThat(started).hasSize(1);
    }

    @Test
    void aClassWhoseBatchNobodyStartedStartsItItself() throws Exception {
        HandlerBatch<Nothing> records = batch.finish();

        assertThat(started).hasSize(1);
        assertThat(records.exitValue()).isZero();
        assertThat(records.runs()).isEmpty();
    }

    @Test
    void finishingDeletesTheBatchsFolder() throws Exception {
        batch.finish();

        assertThat(started).singleElement().satisfies(workdir -> assertThat(workdir).doesNotExist());
    }

    record Nothing(String name, String outcome, List<String> logs) implements HandlerBatch.Record {
    }
}
