package io.github.crossaccountdelivery.acceptance.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.github.crossaccountdelivery.acceptance.ports.Account;
import io.github.crossaccountdelivery.acceptance.ports.AwsCallException;
import io.github.crossaccountdelivery.acceptance.ports.Metrics;
import io.github.crossaccountdelivery.acceptance.ports.Pipelines;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.thirdparty.jackson.core.JsonToken;
import software.amazon.awssdk.thirdparty.jackson.dataformat.cbor.CBORFactory;
import software.amazon.awssdk.thirdparty.jackson.dataformat.cbor.CBORGenerator;
import software.amazon.awssdk.thirdparty.jackson.dataformat.cbor.CBORParser;

/**
 * The codepipeline and codeconnections clients are pinned to 2.40.2 (the newest published where
 * this project builds) on the 2.57.8 core the BOM brings: one call of each goes through the real
 * clients to a local server that answers as AWS would, and the answer reaches the run's records.
 * So does CloudFormation's "does not exist", which the run reads as "no such stack", and
 * CloudWatch's GetMetricData, the one call here in the Smithy RPC v2 CBOR protocol, over two pages.
 */
class SdkWiringTest {

    // One server and one set of clients for the class: building the SDK's clients is most of the time here.
    static HttpServer server;
    static SdkHttpClient http;
    static Account account;
    static final Map<String, String> answers = new ConcurrentHashMap<>();
    static final Map<String, Integer> statuses = new ConcurrentHashMap<>();
    /** CBOR answers of the RPC v2 protocol, one per call, in order; and the requests' strings and numbers. */
    static final Queue<byte[]> cborAnswers = new ConcurrentLinkedQueue<>();
    static final Queue<List<String>> cborRequests = new ConcurrentLinkedQueue<>();
    static final CBORFactory CBOR = new CBORFactory();

    @BeforeAll
    static void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            if (exchange.getRequestURI().getPath().contains("/operation/")) {
                cborRequests.add(scalars(exchange.getRequestBody().readAllBytes()));
                byte[] answer = cborAnswers.remove();
                exchange.getResponseHeaders().add("Content-Type", "application/cbor");
                exchange.getResponseHeaders().add("smithy-protocol", "rpc-v2-cbor");
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
                return;
            }
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String key = target != null ? target.substring(target.lastIndexOf('.') + 1)
                    : body.replaceAll(".*Action=([A-Za-z]+).*", "$1");
            byte[] answer = answers.getOrDefault(key, "{}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", target != null ? "application/x-amz-json-1.1" : "text/xml");
            exchange.sendResponseHeaders(statuses.getOrDefault(key, 200), answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        http = Apache5HttpClient.builder().build();
        account = SdkAccount.account("build", StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID",
                "secret")), "eu-west-1", http, Optional.of(URI.create("http://127.0.0.1:"
                + server.getAddress().getPort())));
    }

    @BeforeEach
    void clear() {
        answers.clear();
        statuses.clear();
        cborAnswers.clear();
        cborRequests.clear();
    }

    @AfterAll
    static void stop() {
        http.close();
        server.stop(0);
    }

    @Test
    void thePinnedCodePipelineClientReadsExecutionsAndActionRuns() {
        answers.put("ListPipelineExecutions", """
                {"pipelineExecutionSummaries": [{"pipelineExecutionId": "e1", "status": "Failed",
                  "startTime": 1796036400, "lastUpdateTime": 1796036900,
                  "sourceRevisions": [{"actionName": "GitHub", "revisionId": "4f2c0d1"}]}]}""");
        answers.put("ListActionExecutions", """
                {"actionExecutionDetails": [{"pipelineExecutionId": "e1", "stageName": "Deploy-test",
                  "actionName": "Service", "startTime": 1796036700, "lastUpdateTime": 1796036900, "status": "Failed",
                  "output": {"executionResult": {"externalExecutionSummary": "Deployment failed",
                    "errorDetails": {"code": "JobFailed", "message": "rolled back by the circuit breaker"}}}}]}""");

        assertThat(account.pipelines().executions("orders")).containsExactly(new Pipelines.Execution("e1", "Failed",
                "4f2c0d1", Instant.ofEpochSecond(1796036400), Instant.ofEpochSecond(1796036900)));
        assertThat(account.pipelines().actions("orders", "e1")).containsExactly(new Pipelines.ActionRun(
                "Deploy-test", "Service", "Failed", Instant.ofEpochSecond(1796036700),
                Optional.of(Instant.ofEpochSecond(1796036900)),
                "Deployment failed; rolled back by the circuit breaker"));
    }

    @Test
    void thePinnedCodeConnectionsClientReadsTheConnectionsStatus() {
        answers.put("GetConnection", """
                {"Connection": {"ConnectionArn": "arn:aws:codeconnections:eu-west-1:111111111111:connection/x",
                  "ConnectionStatus": "PENDING", "ProviderType": "GitHub"}}""");

        assertThat(account.connections().status("arn:aws:codeconnections:eu-west-1:111111111111:connection/x"))
                .isEqualTo("PENDING");
    }

    @Test
    void aStackThatDoesNotExistIsNoStackNotAnError() {
        String doesNotExist = """
                <ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
                  <Error><Type>Sender</Type><Code>ValidationError</Code>
                    <Message>Stack with id orders-build does not exist</Message></Error>
                  <RequestId>1</RequestId>
                </ErrorResponse>""";
        for (String action : List.of("DescribeStacks", "ListStackResources")) {
            statuses.put(action, 400);
            answers.put(action, doesNotExist);
        }

        assertThat(account.stacks().find("orders-build")).isEmpty();
        assertThat(account.stacks().resources("orders-build")).isEqualTo(List.of());
    }

    @Test
    void theCloudWatchClientAddsUpSumsAndSampleCountsOverEveryPageOfGetMetricData() {
        cborAnswers.add(metricData("p2", "PartialData", List.of(1.0), List.of(1.0)));
        cborAnswers.add(metricData(null, "Complete", List.of(2.0, 1.0), List.of(2.0, 1.0)));
        Map<String, String> dimensions = new LinkedHashMap<>();
        dimensions.put("Pipeline", "orders");
        dimensions.put("Target", "test");

        Metrics.Statistics statistics = account.metrics().statistics("CrossAccountDelivery", "Deployments",
                dimensions, Instant.ofEpochSecond(1796036400), Instant.ofEpochSecond(1796040000));

        assertThat(statistics).isEqualTo(new Metrics.Statistics(4, 4));
        assertThat(cborRequests).hasSize(2);
        assertThat(cborRequests.peek()).contains("CrossAccountDelivery", "Deployments", "Pipeline", "orders", "Target",
                "test", "Sum", "SampleCount", "60");
        assertThat(new ArrayList<>(cborRequests).get(1)).contains("p2");
    }

    @Test
    void aQueryCloudWatchRefusesIsAnErrorNotZero() {
        cborAnswers.add(metricData(null, "Forbidden", List.of(), List.of()));

        assertThatThrownBy(() -> account.metrics().statistics("CrossAccountDelivery", "Deployments",
                Map.of("Pipeline", "orders"), Instant.ofEpochSecond(1796036400), Instant.ofEpochSecond(1796040000)))
                .isInstanceOf(AwsCallException.class).hasMessageContaining("Forbidden");
    }

    /** A GetMetricData answer with the run's two queries, "sum" and "samples", in CBOR. */
    private static byte[] metricData(String nextToken, String status, List<Double> sums, List<Double> samples) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator g = CBOR.createGenerator(out)) {
            g.writeStartObject();
            g.writeFieldName("MetricDataResults");
            g.writeStartArray();
            for (var result : List.of(Map.entry("sum", sums), Map.entry("samples", samples))) {
                g.writeStartObject();
                g.writeStringField("Id", result.getKey());
                g.writeFieldName("Timestamps");
                g.writeStartArray();
                for (int i = 0; i < result.getValue().size(); i++) {
                    g.writeTag(1);
                    g.writeNumber(1796036400.0 + 60 * i);
                }
                g.writeEndArray();
                g.writeFieldName("Values");
                g.writeStartArray();
                for (double value : result.getValue()) {
                    g.writeNumber(value);
                }
                g.writeEndArray();
                g.writeStringField("StatusCode", status);
                g.writeEndObject();
            }
            g.writeEndArray();
            if (nextToken != null) {
                g.writeStringField("NextToken", nextToken);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Every string and integer of a CBOR request, in order: enough to see what it asked. */
    private static List<String> scalars(byte[] cbor) {
        List<String> found = new ArrayList<>();
        try (CBORParser p = CBOR.createParser(cbor)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT) {
                    found.add(p.getText());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }
}
