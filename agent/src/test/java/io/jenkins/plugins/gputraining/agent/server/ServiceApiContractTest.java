package io.jenkins.plugins.gputraining.agent.server;

import io.jenkins.plugins.gputraining.model.api.TrainingApiContract;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

/** The training API contract on the agent's service, over real HTTP. */
class ServiceApiContractTest extends TrainingApiContract {
    @Override
    protected Host start(final Path runs) throws IOException {
        TrainingServer server = TrainingServer.start(ServerConfig.builder(runs).port(0).build());
        HttpClient http = HttpClient.newHttpClient();
        return new Host() {
            @Override
            public Answer get(final String path) {
                try {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create(server.url().replaceAll("/+$", "") + "/api/training" + path)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    return new Answer(response.statusCode(), response.body());
                }
                catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public String idOf(final String runDirectory) {
                return runDirectory;
            }

            @Override
            public void close() {
                server.close();
            }
        };
    }
}
