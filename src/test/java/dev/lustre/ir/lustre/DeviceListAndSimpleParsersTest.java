package dev.lustre.ir.lustre;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class DeviceListAndSimpleParsersTest {
    @Test
    void clientDlGivesTheClientUuidInColumnFive() {
        List<DeviceEntry> dl = DeviceListParser.parse(Fixtures.read("dl-client.txt"));
        assertEquals(11, dl.size());
        DeviceEntry first = DeviceListParser.find(dl, "lustre-OST0001-osc-ffff8881234abcd0").orElseThrow();
        assertEquals(5, first.index());
        assertEquals("UP", first.status());
        assertEquals("osc", first.type());
        assertEquals("54b91eab-0ea9-1516-b571-5e6df349592e", first.uuid());
        assertEquals(5, first.refcount());
        assertNull(first.extra());
        DeviceEntry second = DeviceListParser.find(dl, "lustre-OST0001-osc-ffff888100aa7800").orElseThrow();
        assertEquals("0b9e7f3c-21aa-4c57-b0f0-6a3f9f7c1d22", second.uuid(), "each mount has its own UUID");
    }

    @Test
    void dashTAddsAColumnThatIsTolerated() {
        List<DeviceEntry> dl = DeviceListParser.parse(Fixtures.read("dl-client-t.txt"));
        assertEquals(4, dl.size());
        DeviceEntry osc = DeviceListParser.find(dl, "lustre-OST0001-osc-ffff8881234abcd0").orElseThrow();
        assertEquals("54b91eab-0ea9-1516-b571-5e6df349592e", osc.uuid());
        assertEquals("10.0.0.12@o2ib", osc.extra());
        assertEquals("IN", DeviceListParser.find(dl, "lustre-OST0002-osc-ffff8881234abcd0").orElseThrow().status());
    }

    @Test
    void mdsDlHasOspDevices() {
        List<DeviceEntry> dl = DeviceListParser.parse(Fixtures.read("dl-mds.txt"));
        DeviceEntry osp = DeviceListParser.find(dl, "lustre-OST0001-osc-MDT0000").orElseThrow();
        assertEquals("osp", osp.type());
        assertEquals("lustre-MDT0000-mdtlov_UUID", osp.uuid());
    }

    @Test
    void garbageLinesAreIgnored() {
        assertEquals(1, DeviceListParser.parse("hello\n\n  1 UP osc a-OST0000-osc-ff u 3\nerror: x\n").size());
    }

    @Test
    void staleClients() {
        assertEquals(List.of("54b91eab-0ea9-1516-b571-5e6df349592e", "0b9e7f3c-21aa-4c57-b0f0-6a3f9f7c1d22"),
                SimpleValueParsers.staleClients(Fixtures.read("stale-clients.txt")));
        assertEquals(List.of(), SimpleValueParsers.staleClients(Fixtures.read("stale-clients-empty.txt")));
        assertEquals(List.of("a1"), SimpleValueParsers.staleClients("a1\n\n"));
    }

    @Test
    void instanceWithAndWithoutName() {
        assertEquals(5L, SimpleValueParsers.instance(Fixtures.read("instance.txt"), "cmd"));
        assertEquals(4294967295L, SimpleValueParsers.instance("4294967295\n", "cmd"));
        LustreParseException e = assertThrows(LustreParseException.class,
                () -> SimpleValueParsers.instance("five\n", "lctl get_param -n obdfilter.x.instance"));
        assertEquals("instance", e.field());
        assertTrue(e.getMessage().contains("obdfilter.x.instance"));
    }

    @Test
    void listParam() {
        assertEquals(List.of("osc.lustre-OST0001-osc-ffff8881234abcd0", "osc.lustre-OST0001-osc-MDT0000"),
                SimpleValueParsers.paramList("osc.lustre-OST0001-osc-ffff8881234abcd0\nosc.lustre-OST0001-osc-MDT0000/\n"));
    }
}
