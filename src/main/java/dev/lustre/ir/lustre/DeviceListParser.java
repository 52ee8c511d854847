package dev.lustre.ir.lustre;

import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses {@code lctl dl}: obd_device_list_seq_show (lustre/obdclass/obd_sysfs.c), or the netlink
 * path of newer lctl (print_out_devices, lustre/utils/liblustreapi_param.c) with the same layout.
 * Extra trailing columns ({@code -t}) are kept in {@link DeviceEntry#extra()}; other lines are ignored.
 */
public final class DeviceListParser {
    private DeviceListParser() {
    }

    public static List<DeviceEntry> parse(String output) {
        List<DeviceEntry> out = new ArrayList<>();
        if (output == null) {
            return out;
        }
        for (String line : output.split("\r?\n")) {
            String[] cols = line.trim().split("\\s+");
            if (cols.length < 6 || !cols[0].matches("\\d+") || !cols[5].matches("-?\\d+")) {
                continue;
            }
            String extra = null;
            if (cols.length > 6) {
                extra = String.join(" ", Arrays.asList(cols).subList(6, cols.length));
            }
            out.add(new DeviceEntry(Integer.parseInt(cols[0]), cols[1], cols[2], cols[3], cols[4],
                    Integer.parseInt(cols[5]), extra));
        }
        return List.copyOf(out);
    }

    public static Optional<DeviceEntry> find(List<DeviceEntry> devices, String name) {
        return devices.stream().filter(d -> d.name().equals(name)).findFirst();
    }
}
