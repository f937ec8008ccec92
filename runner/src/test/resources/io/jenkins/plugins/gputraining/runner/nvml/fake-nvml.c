/*
 * A stand-in for libnvidia-ml.so.1 that the nvml tests compile with the system C compiler, so the JNA binding,
 * struct layouts and call patterns run for real on machines without an NVIDIA GPU. Written from nvml.h's
 * declarations and documented behaviour (API version 13); only the functions the agent binds exist.
 *
 * Two GPUs. Tests steer it through the fake_* functions: force a return code, set the process list, count calls.
 * Variants (-D): NO_V3 (only nvmlDeviceGetComputeRunningProcesses_v2), OLD_NAMES (the former clocks-throttle name,
 * only nvmlDeviceGetTemperatureV, no nvmlSystemGetNVMLVersion), INIT_FAILS (driver not loaded), NO_INIT_V2.
 */
#include <string.h>

typedef int nvmlReturn_t;

#define NVML_SUCCESS 0
#define NVML_ERROR_INVALID_ARGUMENT 2
#define NVML_ERROR_NOT_SUPPORTED 3
#define NVML_ERROR_NOT_FOUND 6
#define NVML_ERROR_INSUFFICIENT_SIZE 7
#define NVML_ERROR_DRIVER_NOT_LOADED 9
#define NVML_ERROR_ARGUMENT_VERSION_MISMATCH 25

typedef struct {
    unsigned long long total;
    unsigned long long free;
    unsigned long long used;
} nvmlMemory_t;

typedef struct {
    unsigned int gpu;
    unsigned int memory;
} nvmlUtilization_t;

typedef struct {
    unsigned int pid;
    unsigned long long usedGpuMemory;
    unsigned int gpuInstanceId;
    unsigned int computeInstanceId;
} nvmlProcessInfo_t;

typedef struct {
    unsigned int version;
    int sensorType;
    int temperature;
} nvmlTemperature_v1_t;

#define MAX_PROCESSES 64
#define GPUS 2

struct fake_device {
    int index;
    int parent; /* -1 for a GPU, else the GPU a MIG device belongs to */
    const char *uuid;
    const char *name;
    unsigned long long memory_total, memory_used;
    unsigned int util_gpu, util_memory, temperature, power_mw, sm_clock, mem_clock, pcie_tx, pcie_rx;
    unsigned long long energy_mj, reasons, ecc_corrected, ecc_uncorrected;
    int process_count;
    unsigned int pids[MAX_PROCESSES];
    unsigned long long process_memory[MAX_PROCESSES];
    int grow_once;
};

typedef struct fake_device *nvmlDevice_t;

static struct fake_device devices[GPUS + 1];

enum fn {
    F_INIT, F_SHUTDOWN, F_COUNT, F_HANDLE, F_NAME, F_UUID, F_MEMORY, F_UTILIZATION, F_TEMPERATURE, F_POWER, F_ENERGY,
    F_CLOCK, F_REASONS, F_PCIE, F_ECC, F_PROCESSES, F_FN_COUNT
};
static const char *fn_names[F_FN_COUNT] = {
    "init", "shutdown", "count", "handle", "name", "uuid", "memory", "utilization", "temperature", "power", "energy",
    "clock", "reasons", "pcie", "ecc", "processes"
};
static int calls[F_FN_COUNT];
static int fail_code[F_FN_COUNT][GPUS];
static int fail_times[F_FN_COUNT][GPUS]; /* -1: for ever */
static int init_count;

static int fn_id(const char *name) {
    for (int i = 0; i < F_FN_COUNT; i++) {
        if (strcmp(fn_names[i], name) == 0) {
            return i;
        }
    }
    return -1;
}

void fake_reset(void) {
    memset(devices, 0, sizeof devices);
    memset(calls, 0, sizeof calls);
    memset(fail_code, 0, sizeof fail_code);
    memset(fail_times, 0, sizeof fail_times);
    struct fake_device *h200 = &devices[0];
    h200->index = 0;
    h200->parent = -1;
    h200->uuid = "GPU-0a1b2c3d-1111-2222-3333-444455556666";
    h200->name = "NVIDIA H200";
    h200->memory_total = 143771ULL * 1048576ULL;
    h200->memory_used = 81920ULL * 1048576ULL;
    h200->util_gpu = 87;
    h200->util_memory = 45;
    h200->temperature = 63;
    h200->power_mw = 412345;
    h200->energy_mj = 123456789012ULL;
    h200->sm_clock = 1980;
    h200->mem_clock = 2619;
    h200->reasons = 0x4ULL | 0x40ULL;
    h200->pcie_tx = 1234;
    h200->pcie_rx = 5678;
    h200->ecc_corrected = 2;
    h200->ecc_uncorrected = 0;
    struct fake_device *l4 = &devices[1];
    l4->index = 1;
    l4->parent = -1;
    l4->uuid = "GPU-0a1b2c3d-9999-8888-7777-666655554444";
    l4->name = "NVIDIA L4";
    l4->memory_total = 23034ULL * 1048576ULL;
    l4->memory_used = 512ULL * 1048576ULL;
    l4->util_gpu = 0;
    l4->util_memory = 0;
    l4->temperature = 35;
    l4->power_mw = 16000;
    l4->energy_mj = 5000;
    l4->sm_clock = 210;
    l4->mem_clock = 405;
    l4->reasons = 0x1ULL;
    struct fake_device *mig = &devices[GPUS];
    mig->index = -1;
    mig->parent = 1;
    mig->uuid = "MIG-5d0c1b2a-aaaa-bbbb-cccc-ddddeeeeffff";
    mig->name = "NVIDIA L4 MIG 1g.6gb";
}

int fake_calls(const char *name) {
    int id = fn_id(name);
    return id < 0 ? -1 : calls[id];
}

/* The next `times` calls of `name` on GPU `gpu` answer `code`; times -1: every call. */
int fake_fail(const char *name, int gpu, int code, int times) {
    int id = fn_id(name);
    if (id < 0 || gpu < 0 || gpu >= GPUS) {
        return -1;
    }
    fail_code[id][gpu] = code;
    fail_times[id][gpu] = times;
    return 0;
}

int fake_set_processes(int gpu, int count, const unsigned int *pids, const unsigned long long *memory) {
    if (gpu < 0 || gpu >= GPUS || count < 0 || count > MAX_PROCESSES) {
        return -1;
    }
    devices[gpu].process_count = count;
    for (int i = 0; i < count; i++) {
        devices[gpu].pids[i] = pids[i];
        devices[gpu].process_memory[i] = memory[i];
    }
    return 0;
}

/* The next process query of the GPU sees one more process start before it answers. */
int fake_grow_once(int gpu) {
    devices[gpu].grow_once = 1;
    return 0;
}

int fake_set_reasons(int gpu, unsigned long long mask) {
    devices[gpu].reasons = mask;
    return 0;
}

int fake_init_count(void) {
    return init_count;
}

static int valid(nvmlDevice_t device) {
    for (int i = 0; i <= GPUS; i++) {
        if (device == &devices[i]) {
            return 1;
        }
    }
    return 0;
}

/* Counts the call; answers a forced code, or NVML_SUCCESS to go on. */
static nvmlReturn_t enter(enum fn id, nvmlDevice_t device) {
    calls[id]++;
    if (device != NULL) {
        if (!valid(device) || device->index < 0) {
            return NVML_ERROR_INVALID_ARGUMENT;
        }
        int gpu = device->index;
        if (fail_times[id][gpu] != 0) {
            if (fail_times[id][gpu] > 0) {
                fail_times[id][gpu]--;
            }
            return fail_code[id][gpu];
        }
    }
    return NVML_SUCCESS;
}

static nvmlReturn_t copy_string(const char *value, char *buffer, unsigned int length) {
    if (buffer == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (strlen(value) + 1 > length) {
        return NVML_ERROR_INSUFFICIENT_SIZE;
    }
    strcpy(buffer, value);
    return NVML_SUCCESS;
}

#ifndef NO_INIT_V2
nvmlReturn_t nvmlInit_v2(void) {
    calls[F_INIT]++;
#ifdef INIT_FAILS
    return NVML_ERROR_DRIVER_NOT_LOADED;
#else
    if (init_count++ == 0 && devices[0].uuid == NULL) {
        fake_reset();
    }
    return NVML_SUCCESS;
#endif
}
#else
nvmlReturn_t nvmlInit(void) {
    return NVML_SUCCESS;
}
#endif

nvmlReturn_t nvmlShutdown(void) {
    calls[F_SHUTDOWN]++;
    if (init_count > 0) {
        init_count--;
    }
    return NVML_SUCCESS;
}

const char *nvmlErrorString(nvmlReturn_t result) {
    switch (result) {
        case 0: return "Success";
        case 1: return "Uninitialized";
        case 2: return "Invalid Argument";
        case 3: return "Not Supported";
        case 4: return "Insufficient Permissions";
        case 6: return "Not Found";
        case 7: return "Insufficient Size";
        case 9: return "Driver Not Loaded";
        case 15: return "GPU is lost";
        case 25: return "Argument Version Mismatch";
        default: return "Unknown Error";
    }
}

nvmlReturn_t nvmlSystemGetDriverVersion(char *version, unsigned int length) {
    return copy_string("580.159.04", version, length);
}

#ifndef OLD_NAMES
nvmlReturn_t nvmlSystemGetNVMLVersion(char *version, unsigned int length) {
    return copy_string("13.580.159.04", version, length);
}
#endif

nvmlReturn_t nvmlDeviceGetCount_v2(unsigned int *count) {
    calls[F_COUNT]++;
    *count = GPUS;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetHandleByIndex_v2(unsigned int index, nvmlDevice_t *device) {
    calls[F_HANDLE]++;
    if (index >= GPUS || device == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    *device = &devices[index];
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetHandleByUUID(const char *uuid, nvmlDevice_t *device) {
    for (int i = 0; i <= GPUS; i++) {
        if (devices[i].uuid != NULL && strcmp(devices[i].uuid, uuid) == 0) {
            *device = &devices[i];
            return NVML_SUCCESS;
        }
    }
    return NVML_ERROR_NOT_FOUND;
}

nvmlReturn_t nvmlDeviceGetDeviceHandleFromMigDeviceHandle(nvmlDevice_t mig, nvmlDevice_t *device) {
    if (!valid(mig) || mig->parent < 0) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    *device = &devices[mig->parent];
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetName(nvmlDevice_t device, char *name, unsigned int length) {
    nvmlReturn_t code = enter(F_NAME, device);
    return code != NVML_SUCCESS ? code : copy_string(device->name, name, length);
}

nvmlReturn_t nvmlDeviceGetUUID(nvmlDevice_t device, char *uuid, unsigned int length) {
    nvmlReturn_t code = enter(F_UUID, device);
    return code != NVML_SUCCESS ? code : copy_string(device->uuid, uuid, length);
}

nvmlReturn_t nvmlDeviceGetMemoryInfo(nvmlDevice_t device, nvmlMemory_t *memory) {
    nvmlReturn_t code = enter(F_MEMORY, device);
    if (code == NVML_SUCCESS) {
        memory->total = device->memory_total;
        memory->used = device->memory_used;
        memory->free = device->memory_total - device->memory_used;
    }
    return code;
}

nvmlReturn_t nvmlDeviceGetUtilizationRates(nvmlDevice_t device, nvmlUtilization_t *utilization) {
    nvmlReturn_t code = enter(F_UTILIZATION, device);
    if (code == NVML_SUCCESS) {
        utilization->gpu = device->util_gpu;
        utilization->memory = device->util_memory;
    }
    return code;
}

#ifndef OLD_NAMES
nvmlReturn_t nvmlDeviceGetTemperature(nvmlDevice_t device, int sensorType, unsigned int *temp) {
    nvmlReturn_t code = enter(F_TEMPERATURE, device);
    if (code == NVML_SUCCESS) {
        if (sensorType != 0) {
            return NVML_ERROR_INVALID_ARGUMENT;
        }
        *temp = device->temperature;
    }
    return code;
}
#endif

nvmlReturn_t nvmlDeviceGetTemperatureV(nvmlDevice_t device, nvmlTemperature_v1_t *temperature) {
    nvmlReturn_t code = enter(F_TEMPERATURE, device);
    if (code == NVML_SUCCESS) {
        if (temperature->version != (unsigned int) (sizeof(nvmlTemperature_v1_t) | (1U << 24U))) {
            return NVML_ERROR_ARGUMENT_VERSION_MISMATCH;
        }
        if (temperature->sensorType != 0) {
            return NVML_ERROR_INVALID_ARGUMENT;
        }
        temperature->temperature = (int) device->temperature;
    }
    return code;
}

nvmlReturn_t nvmlDeviceGetPowerUsage(nvmlDevice_t device, unsigned int *power) {
    nvmlReturn_t code = enter(F_POWER, device);
    if (code == NVML_SUCCESS) {
        *power = device->power_mw;
    }
    return code;
}

nvmlReturn_t nvmlDeviceGetTotalEnergyConsumption(nvmlDevice_t device, unsigned long long *energy) {
    nvmlReturn_t code = enter(F_ENERGY, device);
    if (code == NVML_SUCCESS) {
        *energy = device->energy_mj;
    }
    return code;
}

nvmlReturn_t nvmlDeviceGetClockInfo(nvmlDevice_t device, int type, unsigned int *clock) {
    nvmlReturn_t code = enter(F_CLOCK, device);
    if (code == NVML_SUCCESS) {
        if (type == 1) {
            *clock = device->sm_clock;
        }
        else if (type == 2) {
            *clock = device->mem_clock;
        }
        else {
            return NVML_ERROR_INVALID_ARGUMENT;
        }
    }
    return code;
}

static nvmlReturn_t reasons(nvmlDevice_t device, unsigned long long *mask) {
    nvmlReturn_t code = enter(F_REASONS, device);
    if (code == NVML_SUCCESS) {
        *mask = device->reasons;
    }
    return code;
}

#ifndef OLD_NAMES
nvmlReturn_t nvmlDeviceGetCurrentClocksEventReasons(nvmlDevice_t device, unsigned long long *mask) {
    return reasons(device, mask);
}
#endif

nvmlReturn_t nvmlDeviceGetCurrentClocksThrottleReasons(nvmlDevice_t device, unsigned long long *mask) {
    return reasons(device, mask);
}

nvmlReturn_t nvmlDeviceGetPcieThroughput(nvmlDevice_t device, int counter, unsigned int *value) {
    nvmlReturn_t code = enter(F_PCIE, device);
    if (code == NVML_SUCCESS) {
        if (counter == 0) {
            *value = device->pcie_tx;
        }
        else if (counter == 1) {
            *value = device->pcie_rx;
        }
        else {
            return NVML_ERROR_INVALID_ARGUMENT;
        }
    }
    return code;
}

nvmlReturn_t nvmlDeviceGetTotalEccErrors(nvmlDevice_t device, int errorType, int counterType,
                                         unsigned long long *count) {
    nvmlReturn_t code = enter(F_ECC, device);
    if (code == NVML_SUCCESS) {
        if (counterType != 0) {
            return NVML_ERROR_INVALID_ARGUMENT;
        }
        if (errorType == 0) {
            *count = device->ecc_corrected;
        }
        else if (errorType == 1) {
            *count = device->ecc_uncorrected;
        }
        else {
            return NVML_ERROR_INVALID_ARGUMENT;
        }
    }
    return code;
}

/* nvml.h: *infoCount in is the array size; too small answers INSUFFICIENT_SIZE with the count needed. */
static nvmlReturn_t processes(nvmlDevice_t device, unsigned int *count, nvmlProcessInfo_t *infos) {
    nvmlReturn_t code = enter(F_PROCESSES, device);
    if (code != NVML_SUCCESS) {
        return code;
    }
    if (count == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (device->grow_once && device->process_count < MAX_PROCESSES) {
        device->grow_once = 0;
        int n = device->process_count++;
        device->pids[n] = 424242;
        device->process_memory[n] = 1048576ULL;
    }
    unsigned int n = (unsigned int) device->process_count;
    if (*count < n) {
        *count = n;
        return NVML_ERROR_INSUFFICIENT_SIZE;
    }
    if (n > 0 && infos == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    for (unsigned int i = 0; i < n; i++) {
        infos[i].pid = device->pids[i];
        infos[i].usedGpuMemory = device->process_memory[i];
        infos[i].gpuInstanceId = 0xFFFFFFFFU;
        infos[i].computeInstanceId = 0xFFFFFFFFU;
    }
    *count = n;
    return NVML_SUCCESS;
}

#ifndef NO_V3
nvmlReturn_t nvmlDeviceGetComputeRunningProcesses_v3(nvmlDevice_t device, unsigned int *count,
                                                     nvmlProcessInfo_t *infos) {
    return processes(device, count, infos);
}
#endif

nvmlReturn_t nvmlDeviceGetComputeRunningProcesses_v2(nvmlDevice_t device, unsigned int *count,
                                                     nvmlProcessInfo_t *infos) {
    return processes(device, count, infos);
}

/* The v1 layout (16-byte elements): the agent must never bind it. */
nvmlReturn_t nvmlDeviceGetComputeRunningProcesses(nvmlDevice_t device, unsigned int *count, void *infos) {
    (void) device;
    (void) count;
    (void) infos;
    return NVML_ERROR_INVALID_ARGUMENT;
}
